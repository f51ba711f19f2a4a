import Foundation
import Testing
@testable import PonderCore

// MARK: - Helpers

/// Parses, or records the error as an issue and returns nil.
private func tree(_ source: String) -> String? {
    do {
        return try ExpressionParser.parse(source).description
    } catch {
        Issue.record("\(source): \(error)")
        return nil
    }
}

/// `marked` holds one ⸢ where the caret must point; the error must be at that column and its
/// message must contain `message`. Both parse and type errors count (checked against `ctx`).
private func expectError(_ marked: String, _ message: String, in ctx: FilterContext = Fixture.context(),
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let scalars = Array(marked.unicodeScalars)
    guard let mark = scalars.firstIndex(of: "⸢") else {
        Issue.record("no ⸢ mark in \(marked)", sourceLocation: sourceLocation)
        return
    }
    var source = ""
    source.unicodeScalars.append(contentsOf: scalars.filter { $0 != "⸢" })
    do {
        _ = try CompiledFilter.compile(source, in: ctx)
        Issue.record("expected an error for \(source)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.column == mark, "\(error.caretDescription(source: source))", sourceLocation: sourceLocation)
        #expect(error.message.contains(message), "\(error.message)", sourceLocation: sourceLocation)
    }
}

/// A hand-built store of eight traces.
private enum Fixture {
    struct Row {
        var reasoningChars: Int32
        var reasoningTokens: Int32
        var mix: Float = 0
        var lengthZ: Float = 0
        var source: String? = nil
        var finish: String? = nil
        var verdicts: Verdicts = []
        var correct: Int8 = -1
        var file: UInt16 = 0
        var line: Int32 = 1
        var generation: UInt16 = 0
    }

    static let rows: [Row] = [
        Row(reasoningChars: 100, reasoningTokens: 25, source: "math", finish: "stop", correct: 1, line: 1),
        Row(reasoningChars: 2_000, reasoningTokens: 500, mix: 0.1, source: "math", finish: "length",
            verdicts: [.loop, .truncated], correct: 0, line: 2),
        Row(reasoningChars: 1_500, reasoningTokens: 375, source: "code", finish: "stop", verdicts: [.mixed], line: 3),
        Row(reasoningChars: 0, reasoningTokens: 0, lengthZ: -4, source: nil, verdicts: [.noReasoning], line: 4),
        Row(reasoningChars: 50_000, reasoningTokens: 12_500, lengthZ: 4.2, source: "code", finish: "length",
            verdicts: [.outlier, .loop], correct: 1, file: 1, line: 1),
        Row(reasoningChars: 800, reasoningTokens: 200, source: "Math", verdicts: [.duplicate], file: 1, line: 2),
        Row(reasoningChars: 800, reasoningTokens: 200, source: "science", verdicts: [.duplicate], correct: 0,
            file: 1, line: 2, generation: 1),
        Row(reasoningChars: 3_000, reasoningTokens: 750, mix: 0.5, source: "science", finish: "stop",
            verdicts: [.mixed, .inconsistent], file: 2, line: 1),
    ]

    static let texts: [TraceText] = [
        text("What is 2+2?", "Two plus two is four.", "4", gold: "4"),
        text("Sum 1..10", "Wait, wait, wait, wait.", "55"),
        text("Sort a list", "Use 分解 then merge.", "sorted"),
        text("Empty", "", ""),
        text("Prove it", "Let me check. Let me check. Let me check.", "QED", gold: "qed"),
        text("What is 3*3?", "Three times three.", "9"),
        text("What is 3*3?", "3 groups of 3.", "9"),
        text("Photosynthesis", "Light → sugar. Le soleil est important.", "Plants"),
    ]

    static func text(_ p: String, _ r: String, _ a: String, gold: String? = nil) -> TraceText {
        var t = TraceText(prompt: p, reasoning: r, answer: a)
        t.gold = gold
        return t
    }

    static func context(consistency: [Float]? = [1, 0.98, 0.5, .nan, 1, 1, 0.9, 0.6],
                        promptLang: [String]? = ["en", "en", "en", "en", "en", "en", "en", "fr"],
                        textCalls: Counter? = nil) -> FilterContext {
        var c = TraceColumns()
        var strings = StringTable()
        for (i, r) in rows.enumerated() {
            c.file.append(r.file)
            c.record.append(Int32(i))
            c.line.append(r.line)
            c.generation.append(r.generation)
            c.layout.append(0)
            c.source.append(strings.intern(r.source))
            c.domain.append(-1)
            c.model.append(strings.intern("r1"))
            c.finishReason.append(strings.intern(r.finish))
            c.promptChars.append(Int32(texts[i].prompt.unicodeScalars.count))
            c.reasoningChars.append(r.reasoningChars)
            c.answerChars.append(Int32(texts[i].answer.unicodeScalars.count))
            c.promptTokens.append(3)
            c.reasoningTokens.append(r.reasoningTokens)
            c.answerTokens.append(1)
            c.datasetTokens.append(-1)
            c.mix.append(r.mix)
            c.foreignLetters.append(0)
            c.loopPeriod.append(r.verdicts.contains(.loop) ? 12 : 0)
            c.loopCopies.append(r.verdicts.contains(.loop) ? Int32(3 + i) : 0)
            c.loopStart.append(0)
            c.loopCoverage.append(r.verdicts.contains(.loop) ? 0.4 : 0)
            c.dupLineChars.append(0)
            c.dupNgramChars.append(0)
            c.topNgramChars.append(0)
            c.truncation.append(0)
            c.lengthZ.append(r.lengthZ)
            c.duplicateGroup.append(r.verdicts.contains(.duplicate) ? 0 : -1)
            c.correct.append(r.correct)
            c.verdicts.append(r.verdicts)
            c.contentKeyHi.append(UInt64(i)); c.contentKeyLo.append(0); c.endsMidWord.append(false)
            c.consistency.append(1); c.promptLang.append(-1); c.reasoningLang.append(-1); c.reasoningLangShare.append(1)
            c.promptHash.append(UInt64(i))
        }
        let langs = promptLang.map { $0.map { strings.intern($0) } }
        let texts = Self.texts
        return FilterContext(
            columns: c, strings: strings,
            fileNames: ["data/a.jsonl", "/srv/shards/b.jsonl.gz", "c.json"],
            text: { i in
                textCalls?.increment()
                return texts[i]
            },
            flags: { i in
                switch i {
                case 1: return (["loop", "bad"], "loops at the end")
                case 4: return (["keep"], nil)
                case 7: return (["lang"], "French in the middle")
                default: return nil
                }
            },
            consistency: consistency, promptLang: langs)
    }

    /// Indices where the filter holds.
    static func rows(_ source: String, in ctx: FilterContext = context()) -> [Int]? {
        do {
            return try CompiledFilter.compile(source, in: ctx).matchingRows()
        } catch {
            Issue.record("\(error.caretDescription(source: source))")
            return nil
        }
    }
}

/// Counts calls from `@Sendable` closures.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}

// MARK: - Parsing

@Suite struct QueryTests {
    @Test func parsesNamesComparisonsAndMatches() {
        #expect(tree("loop") == "loop")
        #expect(tree("LOOP") == "loop")
        #expect(tree("empty_think") == "empty_think")
        #expect(tree("reasoning.chars > 1500") == "(> reasoning.chars 1500)")
        #expect(tree("source == \"math\"") == "(== source \"math\")")
        #expect(tree("reasoning ~ /wait/i") == "(~ reasoning /wait/i)")
        #expect(tree("answer !~ /\\d+/") == "(!~ answer /\\d+/)")
        #expect(tree("prompt ~ /a\\/b/") == "(~ prompt /a/b/)")
        #expect(tree("length_z <= -3.5") == "(<= length_z -3.5)")
        #expect(tree("line>=2") == "(>= line 2)")
        #expect(tree("\tloop\u{A0}and\nmixed ") == "(and loop mixed)")
    }

    @Test func precedenceIsNotThenAndThenOr() {
        #expect(tree("loop or mixed and truncated") == "(or loop (and mixed truncated))")
        #expect(tree("loop and mixed or truncated") == "(or (and loop mixed) truncated)")
        #expect(tree("not loop and mixed") == "(and (not loop) mixed)")
        #expect(tree("not (loop and mixed)") == "(not (and loop mixed))")
        #expect(tree("not not loop") == "(not (not loop))")
        #expect(tree("(loop or mixed) and truncated") == "(and (or loop mixed) truncated)")
        #expect(tree("loop and mixed and outlier") == "(and loop mixed outlier)")
        #expect(tree("loop AND mixed Or NOT flagged") == "(or (and loop mixed) (not flagged))")
        #expect(tree("((((loop))))") == "loop")
    }

    @Test func numberSuffixesAndPercentiles() {
        #expect(tree("reasoning.tokens > 1.5k") == "(> reasoning.tokens 1500)")
        #expect(tree("reasoning.tokens > 2K") == "(> reasoning.tokens 2000)")
        #expect(tree("reasoning.chars < 1m") == "(< reasoning.chars 1000000)")
        #expect(tree("reasoning.chars < 0.25M") == "(< reasoning.chars 250000)")
        #expect(tree("mix > 0.05") == "(> mix 0.05)")
        #expect(tree("reasoning.tokens > p99") == "(> reasoning.tokens p99)")
        #expect(tree("reasoning.tokens > p99.9") == "(> reasoning.tokens p99.9)")
        #expect(tree("reasoning.tokens >= P50") == "(>= reasoning.tokens p50)")
    }

    @Test func stringsDecodeJSONEscapes() throws {
        let e = try ExpressionParser.parse(#"note == "a\"b\\c\n\u00e9\ud83d\ude00\/""#)
        guard case .comparison(let c) = e else { Issue.record("\(e)"); return }
        #expect(c.value == .string("a\"b\\c\né😀/"))
    }

    @Test func syntaxErrorsPointAtTheirColumn() {
        expectError("⸢", "empty")
        expectError("loop and ⸢", "expected a condition")
        expectError("loop ⸢mixed", "expected and or or")
        expectError("loop ⸢)", "unmatched )")
        expectError("⸢(loop or mixed", "never closed")
        expectError("(loop ⸢mixed)", "expected and, or or )")
        expectError("⸢and loop", "expected a condition before and")
        expectError("reasoning.chars ⸢1500", "expected an operator")
        expectError("reasoning.chars > ⸢", "expected a number")
        expectError("source == ⸢math", "double-quoted")
        expectError("source == ⸢\"math", "unterminated string")
        expectError("note == \"a⸢\\q\"", "invalid escape")
        expectError("note == \"⸢\\ud800\"", "lone surrogate")
        expectError("reasoning ~ ⸢/abc", "unterminated regex")
        expectError("reasoning ~ /abc/⸢g", "unknown regex flag")
        expectError("reasoning ~ ⸢/(abc/", "invalid regex")
        expectError("reasoning ~ ⸢\"abc\"", "expected a /regex/")
        expectError("reasoning.chars > 1.5⸢x", "unknown number suffix")
        expectError("reasoning.chars > ⸢p101", "between p0 and p100")
        expectError("reasoning.chars ⸢= 5", "use ==")
        expectError("loop ⸢&& mixed", "use and")
        expectError("loop ⸢|| mixed", "use or")
        expectError("⸢!loop", "use not")
        expectError("loop ⸢== 1", "condition on its own")
        expectError("loop ⸢# comment", "unexpected character")
    }

    @Test func unknownFieldsSuggestTheClosestName() {
        expectError("⸢reasoning.char > 5", "did you mean 'reasoning.chars'")
        expectError("⸢Reasoning.chars > 5", "case-sensitive, did you mean 'reasoning.chars'")
        expectError("⸢finishreason == \"stop\"", "did you mean 'finish_reason'")
        expectError("not ⸢looop", "did you mean 'loop'")
        expectError("⸢p99 > 5", "unknown field")
    }

    @Test func typeErrorsNameTheColumn() {
        expectError("reasoning.chars > ⸢\"abc\"", "reasoning.chars is a number")
        expectError("reasoning.chars ⸢~ /abc/", "reasoning.chars is a number")
        expectError("source == ⸢5", "source is a string")
        expectError("source == ⸢p99", "source is a string")
        expectError("source ⸢< \"a\"", "source is a string")
        expectError("prompt ⸢== \"x\"", "prompt is text: only ~ and !~ apply (its length is prompt.chars)")
        expectError("gold ⸢!= \"x\"", "gold is text")
        expectError("loop and (mix > 0.1 or answer.chars == ⸢\"x\")", "answer.chars is a number")
        let unmeasured = Fixture.context(consistency: nil, promptLang: nil)
        expectError("⸢consistency < 0.95", "consistency is not measured in this run", in: unmeasured)
        expectError("loop or ⸢prompt_lang == \"fr\"", "prompt_lang is not measured in this run", in: unmeasured)
    }

    @Test func caretDescriptionPutsTheCaretUnderTheColumn() {
        let source = "reasoning.chars > \"abc\""
        let error = QueryError(column: 18, message: "reasoning.chars is a number")
        #expect(error.caretDescription(source: source)
                == source + "\n" + String(repeating: " ", count: 18) + "^\nreasoning.chars is a number")
        // A wide character before the column takes two caret columns; a control character is shown as ·.
        let wide = QueryError(column: 13, message: "m")
        #expect(wide.caretDescription(source: "note == \"分解\"\tx") == "note == \"分解\"·x\n" + String(repeating: " ", count: 15) + "^\nm")
        let atEnd = QueryError(column: 8, message: "m")
        #expect(atEnd.caretDescription(source: "loop and") == "loop and\n        ^\nm")
    }

    // MARK: - Evaluation

    @Test func numericComparisons() {
        #expect(Fixture.rows("reasoning.chars > 1.5k") == [1, 4, 7])
        #expect(Fixture.rows("reasoning.chars >= 1.5k") == [1, 2, 4, 7])
        #expect(Fixture.rows("reasoning.chars == 800") == [5, 6])
        #expect(Fixture.rows("reasoning.chars != 800") == [0, 1, 2, 3, 4, 7])
        #expect(Fixture.rows("reasoning.tokens < 0.2k") == [0, 3])
        #expect(Fixture.rows("length_z < -3.5 or length_z > 3.5") == [3, 4])
        #expect(Fixture.rows("mix == 0.1") == [1])
        #expect(Fixture.rows("mix <= 0.1") == [0, 1, 2, 3, 4, 5, 6])
        #expect(Fixture.rows("line == 2 and generation == 1") == [6])
        #expect(Fixture.rows("loop.copies >= 5") == [4])
        #expect(Fixture.rows("consistency < 0.95") == [2, 6, 7])
        // A missing value (NaN) satisfies no comparison.
        #expect(Fixture.rows("consistency != 1") == [1, 2, 6, 7])
    }

    @Test func percentilesAreComputedOverTheLoadedTraces() {
        // Sorted reasoning.chars: 0 100 800 800 1500 2000 3000 50000; nearest rank, as `ponder stats`
        // prints them: p50 = 800 (the 4th of 8), p99 = p100 = 50000, p25 = 100, p75 = 2000.
        #expect(Fixture.rows("reasoning.chars > p50") == [1, 2, 4, 7])
        #expect(Fixture.rows("reasoning.chars >= p0") == Array(0..<8))
        #expect(Fixture.rows("reasoning.chars >= p100") == [4])
        #expect(Fixture.rows("reasoning.chars >= p99") == [4])
        #expect(Fixture.rows("reasoning.chars > p99") == [])
        #expect(Fixture.rows("reasoning.chars < p25") == [3])
        #expect(Fixture.rows("reasoning.chars <= p12.5") == [3])
        // Same field twice: one sort, both percentiles.
        #expect(Fixture.rows("reasoning.chars > p25 and reasoning.chars < p75") == [2, 5, 6])
        // Percentiles of consistency leave the missing value out: 0.5 0.6 0.9 0.98 1 1 1 → p0 = 0.5.
        #expect(Fixture.rows("consistency <= p0") == [2])
    }

    @Test func namesTestVerdictsFlagsAndCorrectness() {
        #expect(Fixture.rows("loop") == [1, 4])
        #expect(Fixture.rows("mixed") == [2, 7])
        #expect(Fixture.rows("inconsistent") == [7])
        #expect(Fixture.rows("truncated") == [1])
        #expect(Fixture.rows("outlier") == [4])
        #expect(Fixture.rows("duplicate") == [5, 6])
        #expect(Fixture.rows("no_reasoning") == [3])
        #expect(Fixture.rows("empty_think or repetition or unknown_layout") == [])
        #expect(Fixture.rows("flagged") == [1, 4, 7])
        #expect(Fixture.rows("correct") == [0, 4])
        #expect(Fixture.rows("not correct") == [1, 2, 3, 5, 6, 7])
        #expect(Fixture.rows("not (loop or mixed) and not duplicate") == [0, 3])
    }

    @Test func stringFields() {
        #expect(Fixture.rows("source == \"math\"") == [0, 1])
        #expect(Fixture.rows("source != \"math\"") == [2, 3, 4, 5, 6, 7])
        #expect(Fixture.rows("source ~ /^math$/i") == [0, 1, 5])
        #expect(Fixture.rows("source !~ /c/") == [0, 1, 3, 5])
        #expect(Fixture.rows("source == \"nowhere\"") == [])
        #expect(Fixture.rows("finish_reason == \"length\"") == [1, 4])
        #expect(Fixture.rows("model == \"r1\"") == Array(0..<8))
        #expect(Fixture.rows("prompt_lang == \"fr\"") == [7])
        #expect(Fixture.rows("flag == \"loop\"") == [1])
        #expect(Fixture.rows("flag == \"bad\" or flag == \"keep\"") == [1, 4])
        #expect(Fixture.rows("flag != \"loop\"") == [0, 2, 3, 4, 5, 6, 7])
        #expect(Fixture.rows("flag ~ /^l/") == [1, 7])
        #expect(Fixture.rows("note ~ /french/i") == [7])
        #expect(Fixture.rows("note == \"loops at the end\"") == [1])
        #expect(Fixture.rows("file == \"a.jsonl\"") == [0, 1, 2, 3])
        #expect(Fixture.rows("file == \"/srv/shards/b.jsonl.gz\"") == [4, 5, 6])
        #expect(Fixture.rows("file == \"b.jsonl\"") == [])
        #expect(Fixture.rows("file ~ /\\.json$/") == [7])
    }

    @Test func regexOverTextWithTheIFlag() {
        #expect(Fixture.rows("reasoning ~ /WAIT/") == [])
        #expect(Fixture.rows("reasoning ~ /WAIT/i") == [1])
        #expect(Fixture.rows("reasoning ~ /wAiT/I") == [1])
        #expect(Fixture.rows("reasoning ~ /Wait/") == [1])
        #expect(Fixture.rows("reasoning ~ /\\p{Han}/") == [2])
        #expect(Fixture.rows("prompt ~ /^What is/ and answer ~ /^9$/") == [5, 6])
        #expect(Fixture.rows("reasoning !~ /./") == [3])
        #expect(Fixture.rows("gold ~ /qed/i") == [4])
        #expect(Fixture.rows("gold !~ /4/") == [1, 2, 3, 4, 5, 6, 7])
    }

    /// Case folding is Unicode's: a capital outside ASCII matches its small letter and back.
    @Test func caseInsensitiveRegexFoldsEveryScript() {
        var changed = Fixture.texts
        changed[7] = Fixture.text("Grace hat 27 Äpfel", "Итак, проверим ещё раз.", "ÉTÉ")
        let texts = changed
        var custom = Fixture.context()
        custom.text = { texts[$0] }
        #expect(Fixture.rows("reasoning ~ /итак/i", in: custom) == [7])
        #expect(Fixture.rows("reasoning ~ /ИТАК/i", in: custom) == [7])
        #expect(Fixture.rows("prompt ~ /äpfel/i", in: custom) == [7])
        #expect(Fixture.rows("answer ~ /été/i", in: custom) == [7])
        #expect(Fixture.rows("answer ~ /été/", in: custom) == [])
    }

    /// Runaway backtracking is stopped and reported, not waited for: the filter answers with an
    /// error that points at the regex.
    @Test func aRunawayRegexIsStoppedAndReported() throws {
        let long = String(repeating: "word ", count: 4000)
        let texts = (0..<8).map { _ in Fixture.text("p", long, "a") }
        var custom = Fixture.context()
        custom.text = { texts[$0] }
        let source = "reasoning.chars > 0 and reasoning ~ /(\\w+\\s?)+$x/"
        let filter = try CompiledFilter.compile(source, in: custom)
        #expect(filter.matchingRows() == [])
        let error = try #require(filter.regexError)
        #expect(error.column == source.distance(from: source.startIndex, to: source.firstIndex(of: "/")!))
        #expect(error.message.contains("ran too long"))
        // A regex written with `\/` is found where it is written.
        let slashed = "reasoning.chars > 0 and reasoning ~ /(\\w+\\s?\\/?)+$x/"
        let withSlash = try CompiledFilter.compile(slashed, in: custom)
        _ = withSlash.matchingRows()
        #expect(withSlash.regexError?.column == slashed.distance(from: slashed.startIndex, to: slashed.firstIndex(of: "/")!))
        // ICU's backtrack stack filling up on a long text is no "no match" either.
        let deep = String(repeating: "ab", count: 300_000) + "c"
        let deepTexts = (0..<8).map { _ in Fixture.text("p", deep, "a") }
        var deepCtx = Fixture.context()
        deepCtx.text = { deepTexts[$0] }
        let stack = try CompiledFilter.compile("reasoning ~ /(a|b)*c/", in: deepCtx)
        #expect(stack.matchingRows() == [] && stack.regexError != nil)
        // With a total limit (the inspector's), the searches stop together once it has passed.
        let total = try CompiledFilter.compile("reasoning ~ /word/", in: custom, regexTime: .zero)
        #expect(total.matchingRows() == [])
        #expect(total.regexError?.message.contains("took too long over these traces") == true)
        // An ordinary regex over the same texts finishes.
        let plain = try CompiledFilter.compile("reasoning ~ /word word$/", in: custom)
        #expect(plain.matchingRows() == [] && plain.regexError == nil)
    }

    @Test func textIsDecodedOnlyForRowsTheCheapConditionsLeave() {
        let calls = Counter()
        let ctx = Fixture.context(textCalls: calls)
        // Written text-first; the cheap comparison still runs first and leaves two rows.
        #expect(Fixture.rows("reasoning ~ /check|wait/i and reasoning.chars > 1.5k", in: ctx) == [1, 4])
        #expect(calls.count == 3)
        let orCalls = Counter()
        let orCtx = Fixture.context(textCalls: orCalls)
        #expect(Fixture.rows("answer ~ /^4$/ or not flagged", in: orCtx) == [0, 2, 3, 5, 6])
        #expect(orCalls.count == 3)
    }

    @Test func singleRowMatchesAgreeWithEvaluate() throws {
        let ctx = Fixture.context()
        for source in ["loop or (mixed and not flagged)", "reasoning.chars > p50 and source ~ /a/",
                       "not (reasoning ~ /e/ or consistency < 0.9)"] {
            let filter = try CompiledFilter.compile(source, in: ctx)
            let all = filter.evaluate()
            #expect(all.count == 8)
            #expect((0..<8).map(filter.matches) == all, "\(source)")
            #expect(Evaluator.evaluate(filter.expression, in: ctx) == all)
        }
    }

    @Test func unmeasuredColumnsEvaluateToFalseWithoutTheChecker() throws {
        let ctx = Fixture.context(consistency: nil, promptLang: nil)
        let e = try ExpressionParser.parse("consistency < 0.95 or prompt_lang == \"fr\"")
        #expect(Evaluator.evaluate(e, in: ctx) == Array(repeating: false, count: 8))
    }

    @Test func emptyStoreEvaluatesToNothing() throws {
        let ctx = FilterContext(columns: TraceColumns(), strings: StringTable(), fileNames: [])
        let filter = try CompiledFilter.compile("reasoning.chars > p99 or loop", in: ctx)
        #expect(filter.evaluate() == [])
    }
}

// MARK: - Generated inputs

extension QueryTests {
    /// Pieces of the language, valid and broken, for token soup.
    private static let vocabulary: [String] = {
        var words = Field.allCases.map(\.rawValue) + QueryName.allCases.map(\.rawValue)
        words += ["and", "or", "not", "AND", "Or", "NoT", "(", ")", "((", "))", "==", "!=", "<", "<=", ">", ">=",
                  "~", "!~", "=", "!", "&&", "||", "&", "|", "/", "//", "/a/", "/wait/i", "/(/", "/[a-z/i", "/x/q",
                  "/\\/\\d+/", "/^$/", "/a{2,}/I", "\"", "\"math\"", "\"a\\\"b\"", "\"\\u00e9\"", "\"\\ud800\"",
                  "\"\\ud83d\\ude00\"", "\"\\x\"", "\"unterminated", "\\", "0", "1", "-1", "-", "1.5k", "2m", "3.",
                  ".5", "1e5", "1.5kk", "99999999999999999999999", "p", "p0", "p50", "p99", "p99.9", "p100", "p101",
                  "p9.", "P1.5", "Reasoning.chars", "reasoning.", "reasoning..chars", "_", "x", "loop.", "分解",
                  "😀", "\u{0}", "\u{7}", "\u{301}", "\u{200B}", "\n", "\t", "#", "$", "%", ",", ";", "'", "`"]
        return words
    }()

    private static func soup(_ rng: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...24, using: &rng) {
            s += vocabulary.randomElement(using: &rng) ?? ""
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: break
            case 1: s += "  "
            default: s += " "
            }
        }
        return s
    }

    /// A valid expression with a few random edits: near misses, where error paths are subtle.
    private static func mutant(_ rng: inout SeededGenerator) -> String {
        let valid = ["loop and reasoning.chars > 1.5k", "not (mixed or flagged) and source == \"math\"",
                     "reasoning ~ /wait/i or answer !~ /\\d/", "reasoning.tokens > p99.9 and note ~ /x/",
                     "(loop or truncated) and length_z >= -3.5", "flag == \"loop\" or file == \"a.jsonl\""]
        var scalars = Array((valid.randomElement(using: &rng) ?? "loop").unicodeScalars)
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            let at = Int.random(in: 0...scalars.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0 where at < scalars.count:
                scalars.removeSubrange(at..<min(scalars.count, at + Int.random(in: 1...4, using: &rng)))
            case 1:
                scalars.insert(contentsOf: (" " + (vocabulary.randomElement(using: &rng) ?? "") + " ").unicodeScalars, at: at)
            default:
                if at < scalars.count { scalars.insert(scalars[at], at: at) }
            }
        }
        var s = ""
        s.unicodeScalars.append(contentsOf: scalars)
        return s
    }

    private static func bytes(_ rng: inout SeededGenerator) -> String {
        let count = Int.random(in: 0...64, using: &rng)
        let raw = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return String(decoding: raw, as: UTF8.self)
    }

    private static func scalars(_ rng: inout SeededGenerator) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...48, using: &rng) {
            let pick = Int.random(in: 0..<3, using: &rng)
            let value = pick == 0 ? UInt32.random(in: 0x20...0x7E, using: &rng)
                : pick == 1 ? UInt32.random(in: 0...0x7F, using: &rng) : UInt32.random(in: 0...0x10FFFF, using: &rng)
            if let scalar = Unicode.Scalar(value) { s.append(scalar) }
        }
        return String(s)
    }

    /// Parses, checks and evaluates `source`; every outcome must be a value or an error at a column
    /// inside the source. Returns whether it compiled.
    @discardableResult
    private static func exercise(_ source: String, in ctx: FilterContext) -> Bool {
        let length = source.unicodeScalars.count
        do {
            let filter = try CompiledFilter.compile(source, in: ctx)
            let all = filter.evaluate()
            #expect(all.count == ctx.columns.count, "\(source.debugDescription)")
            #expect((0..<ctx.columns.count).map(filter.matches) == all, "\(source.debugDescription)")
            return true
        } catch {
            #expect((0...length).contains(error.column), "\(source.debugDescription): \(error)")
            #expect(!error.message.isEmpty)
            #expect(error.caretDescription(source: source).contains("^"))
            return false
        }
    }

    @Test func generatedInputsNeverCrashOrHang() {
        let ctx = Fixture.context()
        var rng = SeededGenerator(state: 0x5EED_F00D)
        var compiled = 0
        for _ in 0..<6_000 where Self.exercise(Self.soup(&rng), in: ctx) { compiled += 1 }
        for _ in 0..<4_000 where Self.exercise(Self.mutant(&rng), in: ctx) { compiled += 1 }
        for _ in 0..<2_000 { Self.exercise(Self.bytes(&rng), in: ctx) }
        for _ in 0..<2_000 { Self.exercise(Self.scalars(&rng), in: ctx) }
        // The soup must reach the evaluator often enough to test it, not only the error paths.
        #expect(compiled > 500, "only \(compiled) generated expressions compiled")
    }

    @Test func generatedValidExpressionsEvaluateLikeTheirSingleRowForm() {
        let ctx = Fixture.context()
        var rng = SeededGenerator(state: 42)
        let atoms = ["loop", "mixed", "flagged", "correct", "reasoning.chars > p50", "mix >= 0.1",
                     "source == \"math\"", "source ~ /i/", "flag == \"loop\"", "note ~ /e/", "file == \"a.jsonl\"",
                     "reasoning ~ /e/i", "gold !~ /4/", "consistency < 0.95", "line != 2", "length_z < -1k"]
        func expression(_ depth: Int) -> String {
            if depth == 0 || Int.random(in: 0..<3, using: &rng) == 0 { return atoms.randomElement(using: &rng) ?? "loop" }
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: return "not " + expression(depth - 1)
            case 1: return "(" + expression(depth - 1) + " and " + expression(depth - 1) + ")"
            default: return "(" + expression(depth - 1) + " or " + expression(depth - 1) + ")"
            }
        }
        for _ in 0..<1_000 {
            #expect(Self.exercise(expression(5), in: ctx))
        }
    }

    @Test func nestingIsBoundedAndLongChainsAreFlat() {
        let ctx = Fixture.context()
        let limit = ExpressionParser.maxDepth
        #expect(Self.exercise(String(repeating: "(", count: limit) + "loop" + String(repeating: ")", count: limit), in: ctx))
        expectError(String(repeating: "(", count: limit) + "⸢(loop" + String(repeating: ")", count: limit + 1), "nested too deeply")
        expectError(String(repeating: "(", count: limit) + "⸢" + String(repeating: "(", count: 100_000) + "loop",
                    "nested too deeply")
        expectError(String(repeating: "not ", count: limit) + "⸢not loop", "nested too deeply")
        #expect(Self.exercise(String(repeating: "not ", count: limit) + "loop", in: ctx))
        // Each ( and each not is a level: 128 pairs reach the limit.
        expectError(String(repeating: "(not ", count: limit / 2) + "⸢" + String(repeating: "(not ", count: 1_000) + "loop",
                    "nested too deeply")
        #expect(Self.exercise(String(repeating: "loop or ", count: 50_000) + "mixed", in: ctx))
        #expect(Self.exercise(String(repeating: "reasoning.chars > 5 and ", count: 20_000) + "loop", in: ctx))
        expectError("loop and ⸢" + String(repeating: "x", count: 100_000), "unknown field")
        expectError("note == ⸢\"" + String(repeating: "\\", count: 100_001), "unterminated string")
    }
}

extension QueryTests {
    @Test func storePercentilesAreUsedWhenGiven() {
        var ctx = Fixture.context()
        ctx.percentile = { field, p in field == .reasoningChars && p == 99 ? 2_500 : nil }
        #expect(Fixture.rows("reasoning.chars > p99", in: ctx) == [4, 7])
        // Other (field, p) pairs still come from the column.
        #expect(Fixture.rows("reasoning.chars >= p100", in: ctx) == [4])
    }

    @Test func expressionsListWhatTheyRead() throws {
        let e = try ExpressionParser.parse("loop and (reasoning ~ /x/ or source == \"a\") and not flagged")
        #expect(e.fields == [.reasoning, .source])
        #expect(e.names == [.loop, .flagged])
    }

    @Test func helpListsEveryFieldAndName() {
        for field in Field.allCases { #expect(FilterLanguage.help.contains(" \(field.rawValue)")) }
        for name in QueryName.allCases { #expect(FilterLanguage.help.contains(" \(name.rawValue)")) }
    }

    /// Random columns of a few thousand rows: the column loops (all rows, then index lists after the
    /// first child of an and/or) must agree with the row-at-a-time form.
    @Test func columnLoopsAgreeWithRowTestsOnLargerStores() throws {
        var rng = SeededGenerator(state: 7)
        var c = TraceColumns()
        var strings = StringTable()
        let n = 5_000
        for _ in 0..<n {
            c.line.append(Int32.random(in: 1...100, using: &rng))
            c.generation.append(UInt16.random(in: 0...3, using: &rng))
            c.file.append(UInt16.random(in: 0...1, using: &rng))
            c.reasoningChars.append(Int32.random(in: 0...40_000, using: &rng))
            c.mix.append(Bool.random(using: &rng) ? .nan : Float.random(in: 0...1, using: &rng))
            c.source.append(strings.intern(["a", "b", nil].randomElement(using: &rng) ?? nil))
            c.verdicts.append(Verdicts(rawValue: UInt16.random(in: 0...0x3FF, using: &rng)))
            c.correct.append(Int8.random(in: -1...1, using: &rng))
        }
        let ctx = FilterContext(columns: c, strings: strings, fileNames: ["x/a.jsonl", "b.jsonl"],
                                flags: { $0 % 7 == 0 ? (["bad"], nil) : nil })
        let sources = ["reasoning.chars > p90 and mix < 0.5", "not loop or line <= 10 and source == \"a\"",
                       "(mixed or correct) and not (flagged or generation == 0) or reasoning.chars < p5",
                       "mix != 0.25 and file == \"a.jsonl\" and source !~ /b/"]
        for source in sources {
            let filter = try CompiledFilter.compile(source, in: ctx)
            let all = filter.evaluate()
            #expect((0..<n).map(filter.matches) == all, "\(source)")
            #expect(all.contains(true) && all.contains(false), "\(source) should split the rows")
        }
    }
}
