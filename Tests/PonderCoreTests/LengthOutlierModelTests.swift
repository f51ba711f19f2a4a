import Foundation
import Testing
@testable import PonderCore

/// The statistics behind the outlier verdict, as the inspector's distribution view draws them.
@Suite struct LengthOutlierModelTests {
    /// Every trace is an outlier exactly when its reasoning length lies outside the normal range of
    /// the group that judges it: what the distribution view draws agrees with the `outlier` filter.
    @Test func normalRangesAgreeWithTheVerdictOnTheDemo() throws {
        let dataset = Dataset()
        Loader.load([SharedData.fixtures.appendingPathComponent("demo.jsonl").path], into: dataset)
        let c = dataset.snapshot().columns
        let thresholds = dataset.options.thresholds
        let model = LengthOutlierModel.of(c, thresholds: thresholds)
        #expect(model.bySource)
        #expect(model.groups.count >= 3, "demo sources with 30+ traces have statistics of their own")
        var outliers = 0
        for i in 0..<c.count {
            let isOutlier = c.verdicts[i].contains(.outlier)
            if isOutlier { outliers += 1 }
            guard c.reasoningChars[i] > 0 else {
                #expect(!isOutlier, "no reasoning is not a length outlier")
                continue
            }
            let stats = try #require(model.stats(forGroup: model.group(of: i, in: c)))
            #expect(stats.z(c.reasoningChars[i]) == c.lengthZ[i])
            let normal = stats.normalRange(limit: thresholds.outlierZ)
            #expect((normal?.contains(c.reasoningChars[i]) != true) == isOutlier, "trace \(i)")
        }
        #expect(outliers > 0)
    }

    @Test func normalRangeEndsAreTheExactBoundaries() throws {
        let s = LengthOutlierModel.Stats(median: log(1000), mad: 0.5, count: 100)
        let r = try #require(s.normalRange(limit: 3.5))
        #expect(abs(s.z(r.lowerBound)) <= 3.5 && abs(s.z(r.lowerBound - 1)) > 3.5)
        #expect(abs(s.z(r.upperBound)) <= 3.5 && abs(s.z(r.upperBound + 1)) > 3.5)
        #expect(r.lowerBound < 1000 && r.upperBound > 1000)
    }

    /// When more than half the lengths are equal (MAD 0), the mean absolute deviation stands in: a
    /// trace far longer than the rest is still an outlier; equal lengths alone are none.
    @Test func equalLengthsDoNotHideAnOutlier() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-mad-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = (0..<11).map { _ in #"{"problem":"p","reasoning":"\#(String(repeating: "r", count: 400))","answer":"a"}"# }
        lines.append(#"{"problem":"q","reasoning":"\#(String(repeating: "r", count: 4000))","answer":"a"}"#)
        try (lines.joined(separator: "\n") + "\n").write(to: dir, atomically: false, encoding: .utf8)
        let dataset = Dataset()
        Loader.load([dir.path], into: dataset)
        let c = dataset.snapshot().columns
        #expect((0..<11).allSatisfy { !c.verdicts[$0].contains(.outlier) && c.lengthZ[$0] == 0 })
        #expect(c.verdicts[11].contains(.outlier), "z = \(c.lengthZ[11])")
    }
}
