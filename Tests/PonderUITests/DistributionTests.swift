import Foundation
import Testing
import PonderCore
@testable import PonderUI

/// Opens the demo once per run of `DistributionTests` and releases it when the suite ends.
///
/// Not a `static let`: that keeps the demo's layout plan alive until exit, where LeakSanitizer
/// reports it as leaked (272 bytes in 4 objects), because the plan's `.generations` strategy keeps
/// its enum tag in the spare high bits of an array pointer, which LSan does not read as a pointer
/// (scripts/sanitizers/lsan.supp has the reproduction).
struct DemoScope: SuiteTrait, TestScoping {
    @TaskLocal static var opened: DatasetInspector?

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        try await Self.$opened.withValue(DistributionTests.open(DistributionTests.demoPath)) { try await function() }
    }
}

/// The distribution view (`D`) on real data: what it draws agrees with the `o` filter, per source
/// too, caps get their own bars, and a bar filters to exactly the traces it counts.
@Suite(DemoScope()) struct DistributionTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func open(_ path: String) -> DatasetInspector {
        let dataset = Dataset()
        Loader.load([path], into: dataset)
        return DatasetInspector(dataset: dataset, flagLog: nil, names: [path])
    }

    /// The demo, opened by `DemoScope` for the run of the suite (see there why not a `static let`).
    static var demo: DatasetInspector { DemoScope.opened ?? open(demoPath) }
    static let demoPath = root.appendingPathComponent("fixtures/demo.jsonl").path

    func program(_ keys: String, data: InspectorData = demo, width: Int = 100, height: Int = 40) -> Program {
        let p = Program(data: data, width: width, height: height)
        for k in Key.parse(keys) { p.send(.key(k)) }
        return p
    }

    /// A new user's trial: empty bars were labelled "outlier", and the 0–0 bar (traces without
    /// reasoning) was called outliers although `o` does not show them. Bars now count the traces
    /// with the outlier verdict, and only those are marked.
    @Test func barsAreMarkedOnlyWhereTheirTracesAreOutliers() throws {
        let p = program("D")
        let h = try #require(p.model.histogram)
        let outliers = program("o").model.rows.count
        #expect(outliers > 0)
        #expect(h.bins.map(\.outliers).reduce(0, +) == outliers)
        #expect(h.bins.map(\.count).reduce(0, +) == 259)
        let zero = try #require(h.bins.first)
        #expect(zero.low == 0 && zero.high == 0 && zero.count > 0 && zero.outliers == 0)
        for b in h.bins where b.count == 0 { #expect(b.outliers == 0 && !b.beyond) }
        // On screen: every bar that says "outlier" holds that many, and no empty bar says it.
        let screen = p.render(width: 100, height: 40).text
        var marked = 0
        for line in screen.split(separator: "\n") where line.contains("█") || line.hasSuffix(" 0") {
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(where: { $0.hasPrefix("outlier") }) else { continue }
            let n = Int(words[i - 1]) ?? 0
            #expect(n > 0, "\(line)")
            marked += n
        }
        #expect(marked == outliers)
        #expect(!screen.contains(" 0 outlier"))
    }

    /// Per source: the drawn thresholds are the edges of the verdict, each bar wholly inside or
    /// outside them, and the bars beyond hold exactly that source's outliers.
    @Test func perSourceHistogramsDrawTheVerdictsThresholds() throws {
        let m = program("D").model
        let groups = distributionGroups(m.columns, m.facts)
        #expect(groups.count >= 6)
        let model = try #require(m.facts.outliers)
        var withOwnStats = 0
        for (k, g) in groups.enumerated() {
            let p = program("D" + String(repeating: "]", count: k + 1))
            let h = try #require(p.model.histogram)
            #expect(h.group == g)
            let members = (0..<m.columns.count).filter { g.contains(m.columns, $0) }
            #expect(h.traces == members.count)
            let groupOutliers = members.filter { m.columns.verdicts[$0].contains(.outlier) }.count
            #expect(h.bins.map(\.outliers).reduce(0, +) == groupOutliers)
            let n = try #require(h.normal, "every trace of a group is judged by one set of statistics")
            for b in h.bins where b.low > 0 {
                #expect(b.outliers == (b.beyond ? b.count : 0), "\(g.name(m.strings)) \(b)")
            }
            let screen = p.render(width: 100, height: 40).text
            #expect(screen.contains("outliers: below \(grouped(n.lowerBound)) or above \(grouped(n.upperBound)) chars"))
            if model.groups[g.id] != nil {
                withOwnStats += 1
                #expect(screen.contains("within \(g.name(m.strings))"))
            } else {
                #expect(screen.contains("over all traces"))
            }
        }
        #expect(withOwnStats >= 3)
        // Past the last source: all sources again.
        #expect(program("D" + String(repeating: "]", count: groups.count + 1)).model.histogramGroup == nil)
        #expect(program("D[").model.histogramGroup == groups.last)
    }

    /// Enter on a bar shows exactly the traces the bar counts, with the filters already on.
    @Test func selectingABarFiltersToExactlyItsTraces() throws {
        for keys in ["D", "D]", "D]]]", "D<Tab>", "D<Tab><Tab>", "mD", "lD<Tab>", "D]<Tab>"] {
            let h = try #require(program(keys).model.histogram)
            for (i, b) in h.bins.enumerated() where b.count > 0 {
                let p = program(keys + String(repeating: "j", count: i) + "<CR>")
                #expect(p.model.mode == .browse)
                #expect(p.model.rows.count == b.count, "\(keys) bar \(i) \(b)")
                #expect(p.render(width: 100, height: 40).lines[0].contains(" \(b.count) of 259 traces"))
            }
        }
        // A second bar replaces the first; `x` clears it.
        let p = program("D<CR>Dj<CR>")
        #expect(p.model.rows.count == p.model.lengthRange.map { r in (0..<259).filter { r.contains(p.model.columns, $0) }.count })
        p.send(.key(.char("x")))
        #expect(p.model.rows.count == 259)
    }

    /// The selected bar is marked in text, so it shows without colour.
    @Test func theSelectedBarIsMarked() {
        let lines = program("Djj").render(width: 100, height: 40).lines.filter { $0.hasPrefix("▸") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("62–89") != true)  // bar 0 is the empty-reasoning bar, bar 1 62–89
        #expect(lines.first?.contains("90–129") == true, "\(lines)")
    }

    /// Generation caps (a reported token length where traces pile up) get a bar of their own.
    @Test func generationCapsAreDrawnAsTheirOwnBars() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-caps-\(UUID().uuidString).jsonl").path
        defer { unlink(path) }
        var lines: [String] = []
        for i in 0..<200 {
            let capped = i % 7 == 3
            let tokens = capped ? 4096 : 100 + (i * 37) % 3000
            let reasoning = String(repeating: "step \(i) ", count: 20 + (i * 13) % 300)
            lines.append(#"{"problem":"Problem \#(i)?","reasoning":"\#(reasoning)","answer":"\#(i)","usage":{"completion_tokens":\#(tokens)}}"#)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let data = Self.open(path)
        #expect(data.facts().caps == [4096])
        let p = program("D<Tab><Tab>", data: data)
        let h = try #require(p.model.histogram)
        #expect(h.measure == .tokens)
        let cap = try #require(h.bins.firstIndex { $0.cap })
        #expect(h.bins[cap].low == 4096 && h.bins[cap].high == 4096 && h.bins[cap].count == 29)
        let screen = p.render(width: 100, height: 40).text
        #expect(screen.contains("generation caps (where traces pile up at the top): 4,096 tokens"))
        #expect(screen.contains("= 4096 "))
        #expect(screen.contains("29 · generation cap"))
        let q = program("D<Tab><Tab>" + String(repeating: "j", count: cap) + "<CR>", data: data)
        #expect(q.model.rows.count == 29)
    }
}

extension DistributionTests {
    /// The demo's distribution as a new user sees it: all sources, one source, the answer lengths.
    @Test(arguments: [("distribution-demo-80x24", "D", 80, 24), ("distribution-demo-source-80x24", "D]", 80, 24),
                      ("distribution-demo-200x50", "Djjjjj", 200, 50), ("distribution-demo-answer-80x24", "D<Tab>", 80, 24)])
    func demoSnapshot(_ c: (String, String, Int, Int)) {
        let screen = replay(keys: c.1, data: Self.demo, width: c.2, height: c.3)
        for line in screen.split(separator: "\n") { #expect(Width.of(String(line)) <= c.2) }
        assertSnapshot(screen, named: c.0)
    }
}
