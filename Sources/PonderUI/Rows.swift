import Foundation
import PonderCore

/// The visible rows before the expression and flagged filters: keyboard verdict filters (all must
/// hold) and the distribution's length range, over `columns`. Pure.
public func baseRows(_ c: TraceColumns, verdicts: Verdicts, length: LengthRange?) -> [Int32] {
    var out: [Int32] = []
    out.reserveCapacity(c.count)
    for i in 0..<c.count {
        if !verdicts.isEmpty && !c.verdicts[i].isSuperset(of: verdicts) { continue }
        if let l = length, !l.range.contains(l.answer ? c.answerChars[i] : c.reasoningChars[i]) { continue }
        out.append(Int32(i))
    }
    return out
}

/// Sorts rows by a column; stable, ties by position.
public func sortRows(_ rows: [Int32], _ c: TraceColumns, _ strings: StringTable, by col: SortColumn, descending: Bool) -> [Int32] {
    func key(_ i: Int) -> Double {
        switch col {
        case .position: return Double(i)
        case .source: return 0
        case .promptChars: return Double(c.promptChars[i])
        case .reasoningChars: return Double(c.reasoningChars[i])
        case .answerChars: return Double(c.answerChars[i])
        case .reasoningTokens: return Double(c.reasoningTokens[i])
        case .mix: return Double(c.mix[i])
        case .loop: return Double(c.loopCoverage[i])
        case .lengthZ: return Double(c.lengthZ[i])
        }
    }
    var r: [Int32]
    if col == .source {
        r = rows.sorted { a, b in
            let sa = strings.string(c.source[Int(a)]) ?? "", sb = strings.string(c.source[Int(b)]) ?? ""
            return sa != sb ? sa < sb : a < b
        }
    } else {
        r = rows.sorted { a, b in
            let ka = key(Int(a)), kb = key(Int(b))
            return ka != kb ? ka < kb : a < b
        }
    }
    if descending { r.reverse() }
    return r
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

    public init(_ c: TraceColumns, answer: Bool, binCount: Int = 16) {
        let values = answer ? c.answerChars : c.reasoningChars
        guard !values.isEmpty else { return }
        let logs = values.map { log10(Double(max(0, $0)) + 1) }.sorted()
        let median = logs[logs.count / 2]
        let mad = (logs.map { abs($0 - median) }.sorted())[logs.count / 2] * 1.4826
        lowThreshold = pow(10, median - 3.5 * mad) - 1
        highThreshold = pow(10, median + 3.5 * mad) - 1
        let lo = logs.first ?? 0, hi = max(logs.last ?? 0, lo + 1e-9)
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
