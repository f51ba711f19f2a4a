import Foundation

/// The detectors that need the whole dataset (GUIDE §3): length outliers, generation caps and
/// the truncations they reveal, duplicate prompts. Run once when loading ends.
public enum DatasetAnalysis {
    /// Fills `lengthZ`, `duplicateGroup`, cap truncations and their verdicts. Returns the caps found.
    @discardableResult
    public static func run(_ c: inout TraceColumns, thresholds: Thresholds) -> [Int32] {
        lengthOutliers(&c, thresholds: thresholds)
        let caps = generationCaps(&c, thresholds: thresholds)
        duplicatePrompts(&c)
        return caps
    }

    /// Robust z of log reasoning length: 0.6745 (x − median) / MAD, within each `source` group
    /// (or `domain` when there is no source) holding at least `minGroup` traces, else overall
    /// (`LengthOutlierModel`). Traces without reasoning are left out (they are "empty thinking",
    /// not short).
    static func lengthOutliers(_ c: inout TraceColumns, thresholds: Thresholds) {
        let model = LengthOutlierModel.of(c, thresholds: thresholds)
        for i in 0..<c.count where c.reasoningChars[i] > 0 {
            if let s = model.stats(forGroup: model.group(of: i, in: c)) { c.lengthZ[i] = s.z(c.reasoningChars[i]) }
        }
        for i in 0..<c.count where abs(c.lengthZ[i]) > thresholds.outlierZ {
            c.verdicts[i].insert(.outlier)
        }
    }

    /// Pile-ups: a dataset token length shared by at least `capShare` of the traces, in the top
    /// tenth of the distribution, marks a generation cap. Traces at the cap that stop mid-word are
    /// truncated (`capMidWord`) even without a finish reason saying so.
    static func generationCaps(_ c: inout TraceColumns, thresholds: Thresholds) -> [Int32] {
        let n = c.count
        let known = c.datasetTokens.filter { $0 > 0 }
        guard known.count >= 20 else { return [] }
        var counts: [Int32: Int] = [:]
        for t in known { counts[t, default: 0] += 1 }
        let sorted = known.sorted()
        let p90 = sorted[sorted.count * 9 / 10]
        let minCount = max(2, Int((Double(known.count) * thresholds.capShare).rounded(.up)))
        let caps = counts.filter { $0.key >= p90 && $0.value >= minCount }.map(\.key).sorted()
        guard !caps.isEmpty else { return [] }
        let capSet = Set(caps)
        for i in 0..<n where capSet.contains(c.datasetTokens[i]) && c.truncation[i] == TruncationReason.none.rawValue && c.endsMidWord[i] {
            c.truncation[i] = TruncationReason.capMidWord.rawValue
            c.verdicts[i].insert(.truncated)
        }
        return caps
    }

    /// Groups traces whose normalised prompts are equal across different records; the generations
    /// of one record share a prompt and are not duplicates of each other. Group ids are dense, in
    /// order of first appearance.
    static func duplicatePrompts(_ c: inout TraceColumns) {
        let n = c.count
        struct Seen { var firstFile: UInt16; var firstRecord: Int32; var multi: Bool; var group: Int32 }
        var seen: [UInt64: Seen] = [:]
        seen.reserveCapacity(n)
        for i in 0..<n where c.promptHash[i] != 0 {
            let h = c.promptHash[i]
            if var s = seen[h] {
                if !s.multi && (s.firstFile != c.file[i] || s.firstRecord != c.record[i]) {
                    s.multi = true
                    seen[h] = s
                }
            } else {
                seen[h] = Seen(firstFile: c.file[i], firstRecord: c.record[i], multi: false, group: -1)
            }
        }
        var nextGroup: Int32 = 0
        for i in 0..<n where c.promptHash[i] != 0 {
            let h = c.promptHash[i]
            guard var s = seen[h], s.multi else { continue }
            if s.group < 0 {
                s.group = nextGroup
                nextGroup += 1
                seen[h] = s
            }
            c.duplicateGroup[i] = s.group
            c.verdicts[i].insert(.duplicate)
        }
    }

    static func median(_ xs: inout [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        xs.sort()
        let m = xs.count / 2
        return xs.count % 2 == 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2
    }
}

/// Percentiles of an integer column (nearest rank), for `stats` and the filter language.
public enum Percentile {
    /// The value at percentile `p` (0...100) of `values`; 0 when empty.
    public static func of(_ values: [Int32], _ p: Double) -> Int32 {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return at(sorted, p)
    }

    /// Nearest-rank percentile of already sorted values.
    public static func at<T>(_ sorted: [T], _ p: Double) -> T {
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
