import Foundation
import Testing
@testable import PonderUI

/// Compares `screen` with `Snapshots/<name>.txt`. Re-records only under `RECORD_SNAPSHOTS=1`;
/// a missing baseline fails.
func assertSnapshot(_ screen: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = dir.appendingPathComponent(name + ".txt")
    let framed = screen + "\n"
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? framed.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("missing snapshot \(name).txt; run with RECORD_SNAPSHOTS=1 and read it before committing", sourceLocation: sourceLocation)
        return
    }
    #expect(framed == expected, "snapshot \(name) differs", sourceLocation: sourceLocation)
}

@Suite struct SnapshotTests {
    static let cases: [(name: String, keys: String, width: Int, height: Int)] = [
        ("start-80x24", "", 80, 24),
        ("start-200x50", "", 200, 50),
        ("cjk-80x24", "jjj", 80, 24),
        ("cjk-200x50", "jjj", 200, 50),
        ("loop-filter-80x24", "l", 80, 24),
        ("mixed-highlight-zoom-80x24", "m*<Tab><Tab>z", 80, 24),
        ("controls-80x24", "jjjj", 80, 24),
        ("filter-error-80x24", ":reasoning.chars > 2<CR>", 80, 24),
        ("help-80x24", "?", 80, 24),
        ("distribution-80x24", "D", 80, 24),
        ("flag-picker-80x24", "jf<Space>", 80, 24),
        ("tiny-10x3", "", 10, 3),
    ]

    @Test(arguments: cases.indices)
    func screen(_ i: Int) {
        let c = Self.cases[i]
        let screen = replay(keys: c.keys, data: FakeData(), width: c.width, height: c.height)
        let lines = screen.components(separatedBy: "\n")
        #expect(lines.count == c.height)
        for l in lines { #expect(Width.of(l) <= c.width, "line wider than the screen: \(l)") }
        assertSnapshot(screen, named: c.name)
    }
}
