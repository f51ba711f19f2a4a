import Foundation
import Testing
@testable import PonderUI

/// The README's key reference is generated from the key map (`ponder keys --markdown`) and must
/// not drift from it.
@Suite struct ReadmeKeysTests {
    @Test func readmeKeyBlockMatchesTheKeyMap() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- keys:begin -->"))
        let end = try #require(readme.range(of: "<!-- keys:end -->"))
        let block = readme[begin.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(block == KeyMap.markdown().trimmingCharacters(in: .whitespacesAndNewlines),
                "README key block is stale: regenerate it with `ponder keys --markdown`")
    }
}
