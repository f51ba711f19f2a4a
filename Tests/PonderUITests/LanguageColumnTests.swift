import Foundation
import Testing
import PonderCore
@testable import PonderUI

/// Issue #5 in the inspector: the table shows the prompt's language and, where the reasoning
/// strays from it, the reasoning's language and the share in the prompt's; the reasoning pane marks
/// the foreign sentences.
@Suite struct LanguageColumnTests {
    static let data = DistributionTests.open(
        DistributionTests.root.appendingPathComponent("fixtures/languages/traces.jsonl").path)

    @Test func tableShowsLanguagesAndStrays() {
        let screen = replay(keys: ":inconsistent<CR>", data: Self.data, width: 160, height: 40)
        let rows = screen.split(separator: "\n").map(String.init)
        #expect(rows.contains { $0.contains("traces.jsonl:10") && $0.contains("de→en 0%") }, "\(screen)")
        #expect(rows.contains { $0.contains("traces.jsonl:15") && $0.contains("en→fr 0%") }, "\(screen)")
        // English with two French sentences: still English on top, a share below 95%.
        #expect(rows.contains { $0.contains("traces.jsonl:16") && $0.range(of: #"en [0-9]{2}%"#, options: .regularExpression) != nil }, "\(screen)")
        let clean = replay(keys: "", data: Self.data, width: 160, height: 40)
        #expect(clean.split(separator: "\n").contains { $0.contains("traces.jsonl:3 ") && $0.contains(" fr ") }, "\(clean)")
    }

    @Test func foreignSentencesAreHighlightedInTheReasoningPane() {
        // Trace 16 (0-based 15): English reasoning with two French sentences.
        let h = Self.data.highlights(of: 15)
        let text = Self.data.text(of: 15).reasoning
        let marked = h.foreign.map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
        #expect(marked.count == 2 && marked.allSatisfy { $0.contains("je pense") || $0.contains("nous") }, "\(marked)")
    }
}
