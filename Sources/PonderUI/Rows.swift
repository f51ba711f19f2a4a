import Foundation
import PonderCore

/// The visible rows before the expression and flagged filters: keyboard verdict filters (all must
/// hold) and the distribution's length range, over `columns`. Pure.
public func baseRows(_ c: TraceColumns, verdicts: Verdicts, length: LengthRange?) -> [Int32] {
    let n = c.count
    if verdicts.isEmpty && length == nil { return (0..<Int32(n)).map { $0 } }
    let want = verdicts.rawValue
    var out: [Int32] = []
    c.verdicts.withUnsafeBufferPointer { v in
        for i in 0..<n {
            if v[i].rawValue & want != want { continue }
            if let length, !length.contains(c, i) { continue }
            out.append(Int32(i))
        }
    }
    return out
}

/// Sorts rows by a column; stable, ties by position. `rows` come in position order.
public func sortRows(_ rows: [Int32], _ c: TraceColumns, _ strings: StringTable, by col: SortColumn, descending: Bool) -> [Int32] {
    if col == .position { return descending ? rows.reversed() : rows }
    let key = sortKey(c, strings, by: col)
    var keyed = rows.map { (key(Int($0)), $0) }
    keyed.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    let r = keyed.map(\.1)
    return descending ? r.reversed() : r
}

/// The index in `rows` (sorted as `sortRows` sorts) of the first row that comes after `trace`
/// in that order, or the last row: where the trace would be if it were there.
public func nearestRow(to trace: Int, in rows: [Int32], _ c: TraceColumns, _ strings: StringTable,
                       by col: SortColumn, descending: Bool) -> Int {
    guard !rows.isEmpty else { return 0 }
    guard trace >= 0, trace < c.count else { return rows.count - 1 }
    let key = col == .position ? { Double($0) } : sortKey(c, strings, by: col)
    let k = key(trace)
    func after(_ r: Int32) -> Bool {
        let kr = key(Int(r))
        let ascending = kr != k ? kr > k : Int(r) > trace
        return descending ? !ascending && Int(r) != trace : ascending
    }
    return rows.firstIndex(where: after) ?? rows.count - 1
}

/// The value a column sorts by (ties are broken by position).
func sortKey(_ c: TraceColumns, _ strings: StringTable, by col: SortColumn) -> (Int) -> Double {
    switch col {
    case .position: return { Double($0) }
    case .source:
        // Rank the interned strings once, then sort by rank.
        let order = strings.strings.indices.sorted { strings.strings[$0] < strings.strings[$1] }
        var rank = [Int32](repeating: 0, count: strings.strings.count)
        for (r, id) in order.enumerated() { rank[id] = Int32(r + 1) }
        return { i in
            let id = c.source[i]
            return id >= 0 && Int(id) < rank.count ? Double(rank[Int(id)]) : 0
        }
    case .promptChars: return { Double(c.promptChars[$0]) }
    case .reasoningChars: return { Double(c.reasoningChars[$0]) }
    case .answerChars: return { Double(c.answerChars[$0]) }
    case .reasoningTokens: return { Double(c.reasoningTokens[$0]) }
    case .mix: return { Double(c.mix[$0]) }
    case .loop: return { Double(c.loopCoverage[$0]) }
    case .lengthZ: return { Double(c.lengthZ[$0]) }
    }
}

