import Foundation
import PonderCore

/// The visible rows before the expression and flagged filters: keyboard verdict filters (all must
/// hold) and the distribution's length range, over `columns`. Pure.
public func baseRows(_ c: TraceColumns, verdicts: Verdicts, length: LengthRange?) -> [Int32] {
    let n = c.count
    if verdicts.isEmpty && length == nil { return (0..<Int32(n)).map { $0 } }
    let want = verdicts.rawValue
    let lengths = length.map { $0.answer ? c.answerChars : c.reasoningChars } ?? []
    let range = length?.range
    var out: [Int32] = []
    c.verdicts.withUnsafeBufferPointer { v in
        lengths.withUnsafeBufferPointer { len in
            for i in 0..<n {
                if v[i].rawValue & want != want { continue }
                if let range, !range.contains(len[i]) { continue }
                out.append(Int32(i))
            }
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

/// A histogram of reasoning or answer length (characters) on a log scale, with outlier thresholds
/// (robust z of log length, median ± 3.5 MAD·1.4826, as the outlier detector's default).
public struct Histogram: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public var low: Int32
        public var high: Int32
        public var count: Int
        /// The bin lies beyond an outlier threshold.
        public var outlier: Bool
    }
    public var bins: [Bin] = []
    public var lowThreshold: Double = 0
    public var highThreshold: Double = 0

    /// The histogram of the loaded traces, memoised by trace count (the store only grows).
    public static func of(_ c: TraceColumns, answer: Bool) -> Histogram {
        HistogramCache.shared.get(c, answer: answer)
    }

    public init(_ c: TraceColumns, answer: Bool, binCount: Int = 16) {
        let values = answer ? c.answerChars : c.reasoningChars
        guard !values.isEmpty else { return }
        var logs = [Double](repeating: 0, count: values.count)
        var lo = Double.infinity, hi = -Double.infinity
        for (i, v) in values.enumerated() {
            let l = log10(Double(max(0, v)) + 1)
            logs[i] = l
            lo = Swift.min(lo, l); hi = Swift.max(hi, l)
        }
        hi = Swift.max(hi, lo + 1e-9)
        // Median and MAD from a fine histogram rather than a sort: a million values stay interactive.
        func quantile(_ xs: [Double], _ a: Double, _ b: Double) -> Double {
            let n = 4096
            var counts = [Int](repeating: 0, count: n)
            let w = Swift.max(b - a, 1e-12) / Double(n)
            for x in xs { counts[Swift.min(n - 1, Swift.max(0, Int((x - a) / w)))] += 1 }
            var seen = 0
            for (i, k) in counts.enumerated() {
                seen += k
                if seen * 2 > xs.count { return a + (Double(i) + 0.5) * w }
            }
            return b
        }
        let median = quantile(logs, lo, hi)
        let mad = quantile(logs.map { abs($0 - median) }, 0, hi - lo) * 1.4826
        lowThreshold = pow(10, median - 3.5 * mad) - 1
        highThreshold = pow(10, median + 3.5 * mad) - 1
        let step = (hi - lo) / Double(binCount)
        var counts = Array(repeating: 0, count: binCount)
        for v in logs { counts[min(binCount - 1, Int((v - lo) / step))] += 1 }
        for b in 0..<binCount {
            let l = Int32((pow(10, lo + Double(b) * step) - 1).rounded(.up))
            let h = b == binCount - 1 ? Int32.max : Int32((pow(10, lo + Double(b + 1) * step) - 1).rounded(.up)) - 1
            let low = max(0, b == 0 ? 0 : l)
            bins.append(Bin(low: low, high: max(low, h), count: counts[b],
                            outlier: Double(h) < lowThreshold || Double(low) > highThreshold))
        }
    }
}

final class HistogramCache: @unchecked Sendable {
    static let shared = HistogramCache()
    private let lock = NSLock()
    private var entries: [String: Histogram] = [:]

    func get(_ c: TraceColumns, answer: Bool) -> Histogram {
        let first = c.count > 0 ? "\(c.contentKeyHi[0])" : ""
        let key = "\(c.count) \(answer) \(first)"
        lock.lock()
        if let h = entries[key] { lock.unlock(); return h }
        lock.unlock()
        let h = Histogram(c, answer: answer)
        lock.lock()
        if entries.count > 8 { entries.removeAll() }
        entries[key] = h
        lock.unlock()
        return h
    }
}
