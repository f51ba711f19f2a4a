import Foundation

/// The statistics behind the length-outlier verdict (GUIDE §3): the median and MAD of log reasoning
/// length, overall and within each `source` (or `domain`) group large enough to have its own.
/// `DatasetAnalysis` decides every verdict with these, so anything drawn from them (the inspector's
/// distribution view) agrees with the `outlier` filter exactly.
public struct LengthOutlierModel: Sendable, Equatable {
    public struct Stats: Sendable, Equatable {
        /// Median of ln(reasoning characters).
        public var median: Double
        /// Median absolute deviation of ln(reasoning characters); always > 0 (when the median
        /// deviation is 0, 0.6745 × 1.253314 × the mean absolute deviation stands in).
        public var mad: Double
        /// Traces the statistics were computed over.
        public var count: Int

        /// Robust z of a reasoning length (characters, > 0), exactly as stored in `lengthZ`.
        public func z(_ chars: Int32) -> Float {
            Float(0.6745 * (log(Double(chars)) - median) / mad)
        }

        /// The reasoning lengths (characters, ≥ 1) that are not outliers when |z| > `limit` is one;
        /// every length outside the range is. Nil when no length is normal.
        public func normalRange(limit: Float) -> ClosedRange<Int32>? {
            // z grows with the length: each end is a binary search on the verdict's own predicate.
            func first(_ ok: (Int32) -> Bool) -> Int32? {
                guard ok(Int32.max) else { return nil }
                var lo: Int32 = 1, hi = Int32.max
                while lo < hi {
                    let mid = lo + (hi - lo) / 2
                    if ok(mid) { hi = mid } else { lo = mid + 1 }
                }
                return lo
            }
            guard let low = first({ z($0) >= -limit }), z(low) <= limit else { return nil }
            let high = first({ z($0) > limit }).map { $0 - 1 } ?? Int32.max
            return high >= low ? low...high : nil
        }
    }

    /// Groups are sources (true) or, when no trace has a source, domains (false).
    public var bySource: Bool
    /// Over every trace with reasoning; nil when fewer than 3 or no spread.
    public var overall: Stats?
    /// Groups with statistics of their own; the traces of any other group are judged by `overall`.
    public var groups: [Int32: Stats]

    /// The group (`StringTable` id of the source or domain, -1 for none) trace `i` is judged in.
    public func group(of i: Int, in c: TraceColumns) -> Int32 {
        bySource ? c.source[i] : c.domain[i]
    }

    /// The statistics that judge the traces of `group`.
    public func stats(forGroup group: Int32) -> Stats? {
        groups[group] ?? overall
    }

    /// Computes the statistics: overall over the traces with reasoning (they are "empty thinking",
    /// not short, without), and per group for groups of at least `thresholds.outlierMinGroup`
    /// traces when there is more than one group.
    public static func of(_ c: TraceColumns, thresholds: Thresholds) -> LengthOutlierModel {
        let n = c.count
        let bySource = c.source.contains { $0 >= 0 }
        var model = LengthOutlierModel(bySource: bySource, overall: nil, groups: [:])
        var members: [Int32: [Int]] = [:]
        var all: [Int] = []
        all.reserveCapacity(n)
        for i in 0..<n where c.reasoningChars[i] > 0 {
            all.append(i)
            members[model.group(of: i, in: c), default: []].append(i)
        }
        func stats(_ traces: [Int]) -> Stats? {
            guard traces.count >= 3 else { return nil }
            var logs = traces.map { log(Double(c.reasoningChars[$0])) }
            let med = DatasetAnalysis.median(&logs)
            var dev = logs.map { abs($0 - med) }
            var mad = DatasetAnalysis.median(&dev)
            if mad <= 1e-9 {
                // More than half the lengths are equal: the MAD is 0 and every z would be 0 or
                // infinite. The usual stand-in (Iglewicz and Hoaglin): 1.253314 times the mean
                // absolute deviation in the place of MAD / 0.6745.
                let meanAD = dev.reduce(0, +) / Double(dev.count)
                guard meanAD > 1e-9 else { return nil }   // all equal: no outliers
                mad = 0.6745 * 1.253314 * meanAD
            }
            return Stats(median: med, mad: mad, count: traces.count)
        }
        model.overall = stats(all)
        if members.count > 1 {
            for (g, traces) in members where traces.count >= thresholds.outlierMinGroup {
                model.groups[g] = stats(traces)
            }
        }
        return model
    }
}
