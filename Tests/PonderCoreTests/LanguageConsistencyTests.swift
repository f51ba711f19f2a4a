import Foundation
import Testing
@testable import PonderCore

@Suite struct LanguageConsistencyTests {
    struct Labelled: Decodable {
        var id: String
        var problem: String
        var reasoning: String
        var expected_consistent: Bool
        var note: String
    }

    static func labelled() throws -> [Labelled] {
        let url = SharedData.fixtures.appendingPathComponent("languages/traces.jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Labelled.self, from: Data($0.utf8)) }
    }

    @Test func precisionAndRecallOnLabelledFixtures() throws {
        var tp = 0, fp = 0, fn = 0, tn = 0
        for r in try Self.labelled() {
            let m = LanguageConsistency.measure(prompt: r.problem, reasoning: r.reasoning)
            let flagged = m.isInconsistent()
            switch (flagged, !r.expected_consistent) {
            case (true, true): tp += 1
            case (true, false): fp += 1; print("false positive \(r.id) (\(r.note)): \(m.consistency) \(m.foreign)")
            case (false, true): fn += 1; print("missed \(r.id) (\(r.note)): consistency \(m.consistency), prompt \(m.promptLang ?? "?")")
            case (false, false): tn += 1
            }
        }
        let precision = tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp)
        let recall = tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn)
        print("language consistency on fixtures/languages: precision \(precision), recall \(recall) (tp \(tp) fp \(fp) fn \(fn) tn \(tn))")
        #expect(tp + fn >= 10)
        #expect(recall >= 0.9)
        #expect(precision >= 0.9)
    }

    @Test func promptLanguages() {
        #expect(LanguageConsistency.promptLanguage("Auf wie viele Arten kann man fünf verschiedene Bücher in ein Regal stellen?") == "de")
        #expect(LanguageConsistency.promptLanguage("如果两本红色的书不能相邻，五本不同的书有多少种方法排列在书架上？") == "zh")
        #expect(LanguageConsistency.promptLanguage("$x^2 = 4$") == nil)
        // English boilerplate appended to a German problem does not make it English.
        #expect(LanguageConsistency.promptLanguage(
            "Bestimme alle reellen Zahlen $x$ mit $x^2 - 84x + 539 = 0$ und begründe die Antwort. Give the answer for the case y = 22 as well.") == "de")
    }

    static let english = """
        Let me think about this carefully. We need to find the number of ways to arrange the books on the shelf. \
        First, I will count the arrangements where the two red books are next to each other, and then I will subtract \
        that from the total. The total number of arrangements is the factorial of the number of books. If we glue the \
        two red books together, we get one block, so the count becomes smaller.
        """

    func foreignSpans(prompt: String, _ marked: String) -> (LanguageConsistency.Result, [Range<Int>]) {
        let (text, marks) = MarkedFixture.parse(marked)
        return (LanguageConsistency.measure(prompt: prompt, reasoning: text), marks)
    }

    func expectOverlap(_ r: LanguageConsistency.Result, _ marks: [Range<Int>], code: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        for mark in marks {
            #expect(r.foreign.contains { $0.range.overlaps(mark) && $0.code == code },
                    "no \(code) span over \(mark): \(r.foreign)", sourceLocation: sourceLocation)
        }
        #expect(r.foreign.allSatisfy { s in marks.contains { $0.overlaps(s.range) } },
                "span outside the marks: \(r.foreign)", sourceLocation: sourceLocation)
    }

    @Test func frenchSentenceInEnglishReasoning() {
        let (r, marks) = foreignSpans(prompt: "How many ways can five books be arranged on a shelf?", Self.english +
            " ⟦Attendez, je pense que nous devons vérifier cette hypothèse encore une fois avant de continuer, parce que le résultat semble trop grand.⟧ " +
            Self.english)
        #expect(r.promptLang == "en")
        #expect(r.isInconsistent())
        expectOverlap(r, marks, code: "fr")
    }

    @Test func germanSentenceFoundInLongReasoningBySampling() {
        // Far longer than the whole-chunking limit: the accented window is what finds it.
        let long = String(repeating: Self.english + " ", count: 30)
        let (r, marks) = foreignSpans(prompt: "How many ways can five books be arranged on a shelf?", long +
            "⟦Moment, ich glaube, wir müssen diese Annahme noch einmal überprüfen, bevor wir weitermachen, weil das Ergebnis zu groß erscheint. Also zählen wir die Anordnungen der Bücher noch einmal von vorne.⟧ " + long)
        #expect(r.full)
        expectOverlap(r, marks, code: "de")
        #expect(r.consistency < 1 && r.consistency > 0.9)
    }

    @Test func longCleanEnglishIsSampledAndConsistent() {
        let long = String(repeating: Self.english + " By Poincaré's idea. ", count: 30)
        let r = LanguageConsistency.measure(prompt: "How many ways can five books be arranged on a shelf?", reasoning: long)
        #expect(!r.full)
        #expect(r.consistency == 1)
        #expect(!r.isInconsistent())
    }

    @Test func germanPromptEnglishReasoning() {
        let r = LanguageConsistency.measure(
            prompt: "Auf wie viele Arten kann man fünf verschiedene Bücher in ein Regal stellen, wenn die beiden roten Bücher nicht nebeneinander stehen dürfen?",
            reasoning: Self.english)
        #expect(r.promptLang == "de")
        #expect(r.consistency < 0.1)
        #expect(r.isInconsistent())
        #expect(r.topLang == "en")
    }

    @Test func unknownPromptFallsBackToTheReasoningsLanguage() {
        let r = LanguageConsistency.measure(prompt: "$x^2=4$", reasoning: Self.english)
        #expect(r.promptLang == nil)
        #expect(r.targetLang == "en")
        #expect(r.consistency == 1)
    }

    @Test func cleaningKeepsOffsetsAndDropsMathCodeDigits() {
        var b = Array("Take $x^2$ and \\[y\\] then \\alpha 42 ```code``` ok".utf8)
        let n = b.count
        LanguageID.clean(&b)
        #expect(b.count == n)
        #expect(String(decoding: b, as: UTF8.self).split(separator: " ") == ["Take", "and", "then", "ok"])
    }

    /// HTML tags are markup: a numina prompt with `<br/>` between its items was taken for
    /// Portuguese (shared/data/real, NuminaMath-CoT-544) before they were blanked.
    @Test func htmlTagsAreNotWords() {
        var b = Array("one<br/>two </think> a < b <td align=\"c\">three".utf8)
        LanguageID.clean(&b)
        #expect(String(decoding: b, as: UTF8.self).split(separator: " ") == ["one", "two", "a", "<", "b", "three"])
        let prompt = "Among the following sets of numbers, which pairs are opposite numbers? <br/>①$-\\left(-3\\right)$ and $-|-3|$;<br/>②$\\left(-2\\right)^{4}$ and $-2^{4}$;<br/>③$\\left(-2\\right)^{3}$ and $\\left(-3\\right)^{2}$"
        #expect(LanguageConsistency.promptLanguage(prompt) == "en")
    }
}

extension LanguageConsistencyTests {
    /// What the reasoning pane highlights: the French and German sentences in English reasoning
    /// (CLD2's spans), Chinese in English (the script's), nothing on the clean traces.
    @Test func highlightedSpansAreTheForeignSentences() throws {
        let all = try Self.labelled()
        func spans(_ id: String) throws -> (ReasoningSpans, String) {
            let r = try #require(all.first { $0.id == id })
            return (ReasoningSpans.of(prompt: r.problem, reasoning: r.reasoning), r.reasoning)
        }
        func text(_ s: String, _ r: Range<Int>) -> String { String(decoding: Array(s.utf8)[r], as: UTF8.self) }
        for id in ["en-16", "en-17"] {
            let (h, reasoning) = try spans(id)
            #expect(h.foreign.count == 2, "\(id): \(h.foreign.map { text(reasoning, $0) })")
            #expect(h.foreign.allSatisfy { !text(reasoning, $0).contains("Let me") && !text(reasoning, $0).contains("subtract") })
        }
        let (fr, frText) = try spans("en-16")
        #expect(fr.foreign.contains { text(frText, $0).contains("je pense que nous devons vérifier") })
        let (zh, zhText) = try spans("en-19")
        #expect(!zh.foreign.isEmpty)
        #expect(zh.foreign.allSatisfy { text(zhText, $0).unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
        for r in all where r.expected_consistent {
            #expect(ReasoningSpans.of(prompt: r.problem, reasoning: r.reasoning).foreign.isEmpty, "\(r.id) \(r.note)")
        }
    }
}
