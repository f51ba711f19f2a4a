import Foundation
import PonderCore

/// What the distribution view counts.
public enum LengthMeasure: String, Sendable, CaseIterable {
    /// Reasoning characters: the length-outlier verdict is judged on it.
    case reasoning
    case answer
    /// The token counts the data reports itself (`usage.completion_tokens`…): where generation caps pile up.
    case tokens

    var title: String {
        switch self {
        case .reasoning: return "Reasoning length (characters)"
        case .answer: return "Answer length (characters)"
        case .tokens: return "Completion tokens the data reports"
        }
    }

    var unit: String { self == .tokens ? "tokens" : "chars" }

    /// The trace's length in this measure; negative when the trace has none (no token count).
    func value(_ c: TraceColumns, _ i: Int) -> Int32 {
        switch self {
        case .reasoning: return c.reasoningChars[i]
        case .answer: return c.answerChars[i]
        case .tokens: return c.datasetTokens[i]
        }
    }
}

/// A source (or, when the data has no source, domain) group, as the outlier verdict groups traces.
public struct TraceGroup: Sendable, Hashable {
    public var bySource: Bool
    /// `StringTable` id; -1 for traces without one.
    public var id: Int32

    func contains(_ c: TraceColumns, _ i: Int) -> Bool { (bySource ? c.source[i] : c.domain[i]) == id }

    func name(_ strings: StringTable) -> String {
        strings.string(id) ?? (bySource ? "(no source)" : "(no domain)")
    }
}

/// What the dataset-wide detectors found, known once loading ends.
public struct DatasetFacts: Sendable, Equatable {
    /// Generation caps: dataset token lengths where traces pile up at the top.
    public var caps: [Int32]
    /// The statistics the outlier verdict was decided with.
    public var outliers: LengthOutlierModel?
    /// |z| above this is an outlier.
    public var outlierZ: Float

    public init(caps: [Int32] = [], outliers: LengthOutlierModel? = nil, outlierZ: Float = 3.5) {
        self.caps = caps
        self.outliers = outliers
        self.outlierZ = outlierZ
    }
}

/// A length range chosen in the distribution view: the traces of one bar.
public struct LengthRange: Sendable, Equatable {
    public var measure: LengthMeasure
    public var range: ClosedRange<Int32>
    /// Only the traces of this group (the bar was in a group's histogram); nil: every group.
    public var group: TraceGroup?

    func contains(_ c: TraceColumns, _ i: Int) -> Bool {
        range.contains(measure.value(c, i)) && (group?.contains(c, i) ?? true)
    }
}

/// A histogram of one length measure over the visible traces (of one group, or all), on a log
/// scale. Bars count traces, and the traces in them that have the outlier verdict, so what is
/// drawn agrees with the `o` filter: a bar is marked only when outliers are in it. When every
/// trace shown is judged by the same statistics, their thresholds are bar edges, so each bar lies
/// wholly inside or outside them. Generation caps get bars of their own.
public struct Histogram: Sendable, Equatable {
    public struct Bin: Sendable, Equatable {
        public var low: Int32
        public var high: Int32
        public var count: Int
        /// Traces in the bin with the length-outlier verdict.
        public var outliers: Int
        /// The bin lies beyond the drawn outlier thresholds.
        public var beyond: Bool
        /// The bin is one generation cap (a length where many traces pile up).
        public var cap: Bool
    }

    public struct Share: Sendable, Equatable {
        public var name: String
        public var count: Int
    }

    public var measure: LengthMeasure
    public var group: TraceGroup?
    public var bins: [Bin] = []
    /// The lengths that are not outliers, drawn as thresholds: set when every trace counted is
    /// judged by one set of statistics (reasoning only).
    public var normal: ClosedRange<Int32>? = nil
    /// The group whose statistics `normal` comes from; nil for the overall statistics.
    public var judgedBy: TraceGroup? = nil
    /// Traces counted in the bins.
    public var traces = 0
    /// Traces shown that have no value for the measure (no token count in the data).
    public var missing = 0
    /// Traces each detector flags among the traces counted.
    public var shares: [Share] = []

    public init(_ c: TraceColumns, rows: [Int32], measure: LengthMeasure, group: TraceGroup?,
                facts: DatasetFacts, binCount: Int = 16) {
        self.measure = measure
        self.group = group
        let detectors: [(String, Verdicts)] = [("mixed", .mixed), ("inconsistent", .inconsistent), ("loop", .loop),
                                               ("repetition", .repetition), ("truncated", .truncated),
                                               ("outlier", .outlier), ("duplicate", .duplicate), ("empty think", .emptyThink)]
        var flagged = [Int](repeating: 0, count: detectors.count)
        var values: [Int32] = []
        var isOutlier: [Bool] = []
        let model = measure == .reasoning ? facts.outliers : nil
        // The statistics that judge the counted traces: one set, or several (nil).
        var judges: Set<Int32> = []
        let overallKey = Int32.min
        for r in rows {
            let i = Int(r)
            guard i >= 0, i < c.count else { continue }
            if let group, !group.contains(c, i) { continue }
            let v = measure.value(c, i)
            guard v >= 0 else { missing += 1; continue }
            values.append(v)
            let o = c.verdicts[i].contains(.outlier)
            isOutlier.append(o)
            for (k, d) in detectors.enumerated() where c.verdicts[i].contains(d.1) { flagged[k] += 1 }
            if let model, v > 0, judges.count < 2 {
                let g = model.group(of: i, in: c)
                judges.insert(model.groups[g] != nil ? g : overallKey)
            }
        }
        traces = values.count
        shares = zip(detectors, flagged).map { Share(name: $0.0.0, count: $0.1) }
        guard traces > 0 else { return }

        if let model, judges.count == 1, let key = judges.first {
            let stats = key == overallKey ? model.overall : model.groups[key]
            normal = stats?.normalRange(limit: facts.outlierZ)
            judgedBy = key == overallKey ? nil : TraceGroup(bySource: model.bySource, id: key)
        }
        let caps = measure == .tokens ? facts.caps : []

        // Bin edges (lower bounds, Int64 so that max + 1 never overflows): log-spaced over the
        // positive values, plus the thresholds and each cap and the length after it.
        let positive = values.filter { $0 > 0 }
        var edges: [Int64] = []
        if let lo = positive.min(), let hi = positive.max() {
            let a = log(Double(lo)), b = log(Double(hi) + 1)
            var set: Set<Int64> = [Int64(lo), Int64(hi) + 1]
            let n = max(1, binCount)
            for k in 1..<n {
                let e = Int64(exp(a + (b - a) * Double(k) / Double(n)).rounded())
                if e > Int64(lo) && e <= Int64(hi) { set.insert(e) }
            }
            var must: [Int64] = []
            if let normal { must += [Int64(normal.lowerBound), Int64(normal.upperBound) + 1] }
            for cap in caps { must += [Int64(cap), Int64(cap) + 1] }
            for e in must where e > Int64(lo) && e <= Int64(hi) { set.insert(e) }
            edges = set.sorted()
        }
        if values.contains(0) {
            bins.append(Bin(low: 0, high: 0, count: 0, outliers: 0, beyond: false, cap: false))
        }
        let firstPositive = bins.count
        for k in 0..<max(0, edges.count - 1) {
            let low = Int32(edges[k]), high = Int32(edges[k + 1] - 1)
            let beyond = normal.map { high < $0.lowerBound || low > $0.upperBound } ?? false
            bins.append(Bin(low: low, high: high, count: 0, outliers: 0, beyond: beyond,
                            cap: low == high && caps.contains(low)))
        }
        for (v, o) in zip(values, isOutlier) {
            let b: Int
            if v == 0 {
                b = 0
            } else {
                // The last edge not above v.
                var lo = 0, hi = edges.count - 2
                while lo < hi {
                    let mid = (lo + hi + 1) / 2
                    if edges[mid] <= Int64(v) { lo = mid } else { hi = mid - 1 }
                }
                b = firstPositive + lo
            }
            bins[b].count += 1
            if o { bins[b].outliers += 1 }
        }
    }

    /// The traces a bar stands for, as a filter.
    public func range(ofBar b: Int) -> LengthRange? {
        guard bins.indices.contains(b) else { return nil }
        return LengthRange(measure: measure, range: bins[b].low...bins[b].high, group: group)
    }
}

/// The groups the distribution view steps through with `[`/`]`: as the outlier verdict groups
/// traces (by source, else by domain), largest first. Empty when the data has neither.
func distributionGroups(_ c: TraceColumns, _ facts: DatasetFacts) -> [TraceGroup] {
    let bySource = facts.outliers?.bySource ?? c.source.contains { $0 >= 0 }
    let ids = bySource ? c.source : c.domain
    var counts: [Int32: Int] = [:]
    for id in ids { counts[id, default: 0] += 1 }
    guard counts.keys.contains(where: { $0 >= 0 }) else { return [] }
    return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        .map { TraceGroup(bySource: bySource, id: $0.key) }
}

/// Recomputes the distribution view's histogram from the model (after rows, measure or group change).
func refreshHistogram(_ m: inout Model) {
    guard m.mode == .distribution else { m.histogram = nil; return }
    let h = Histogram(m.columns, rows: m.unrangedRows, measure: m.histogramMeasure, group: m.histogramGroup, facts: m.facts)
    m.histogram = h
    m.histogramBar = max(0, min(m.histogramBar, h.bins.count - 1))
}
