import Foundation
import PonderCore
@testable import PonderUI

/// A small in-memory store for tests: six traces, CJK text, a loop, foreign spans, two generations of one record.
final class FakeData: InspectorData, @unchecked Sendable {
    struct Row {
        var prompt: String, reasoning: String, answer: String
        var verdicts: Verdicts = []
        var source: String? = nil
        var record: Int32, generation: UInt16 = 0
        var gold: String? = nil
        var loop: Range<Int>? = nil
        var foreign: [Range<Int>] = []
        var mix: Float = 0
        var loopCopies: Int32 = 0
    }
    let rows: [Row]
    private let lock = NSLock()
    private var flagStore: [Int: (labels: [String], note: String?)] = [:]
    var progress = LoadProgress(fraction: 1, done: true, message: "loaded")
    /// How many traces `snapshot()` reveals (simulates loading).
    var loaded: Int

    init() {
        let loopUnit = "Let me check again. "
        let loopReasoning = "We need the sum of 2 and 3. " + String(repeating: loopUnit, count: 8)
        let loopStart = "We need the sum of 2 and 3. ".utf8.count
        let mixed = "First, we factor the polynomial. Then those分解 agents combine. 所以答案是 x=2."
        let mixedStart = mixed.utf8.count - "分解 agents combine. 所以答案是 x=2.".utf8.count
        rows = [
            Row(prompt: "What is 2 + 3?", reasoning: "Two plus three is five. Simple addition.", answer: "5",
                source: "math", record: 0, generation: 0, gold: "5"),
            Row(prompt: "What is 2 + 3?", reasoning: loopReasoning, answer: "",
                verdicts: [.loop, .truncated], source: "math", record: 0, generation: 1,
                loop: loopStart..<loopReasoning.utf8.count, loopCopies: 8),
            Row(prompt: "Factor x^2 - 4x + 4.", reasoning: mixed, answer: "(x-2)^2",
                verdicts: [.mixed, .inconsistent], source: "algebra", record: 1,
                foreign: [mixedStart..<(mixedStart + "分解".utf8.count)], mix: 0.12),
            Row(prompt: "请解释勾股定理。", reasoning: "勾股定理说明直角三角形两条直角边的平方和等于斜边的平方。我们可以用面积来证明它。",
                answer: "a² + b² = c²，其中 c 是斜边。", source: "中文", record: 2),
            Row(prompt: "Say hi\u{1B}[31m in red\r", reasoning: "The user wants \u{202E}reversed\u{202C} text and 👩‍💻 emoji.",
                answer: "hi", verdicts: [.outlier], source: "adversarial", record: 3),
            Row(prompt: "What is 2 + 3?", reasoning: "Five.", answer: "5", verdicts: [.duplicate],
                source: "math", record: 4),
        ]
        loaded = rows.count
    }

    func snapshot() -> (columns: TraceColumns, strings: StringTable, progress: LoadProgress) {
        var c = TraceColumns()
        var s = StringTable()
        for (i, r) in rows.prefix(loaded).enumerated() {
            c.file.append(0); c.record.append(r.record); c.line.append(Int32(r.record) + 1)
            c.generation.append(r.generation); c.layout.append(0)
            c.source.append(s.intern(r.source)); c.domain.append(-1); c.model.append(-1); c.finishReason.append(-1)
            c.promptChars.append(Int32(r.prompt.unicodeScalars.count))
            c.reasoningChars.append(Int32(r.reasoning.unicodeScalars.count))
            c.answerChars.append(Int32(r.answer.unicodeScalars.count))
            c.promptTokens.append(Int32(r.prompt.utf8.count / 4))
            c.reasoningTokens.append(Int32(r.reasoning.utf8.count / 4))
            c.answerTokens.append(Int32(r.answer.utf8.count / 4))
            c.datasetTokens.append(-1)
            c.mix.append(r.mix); c.foreignLetters.append(r.foreign.isEmpty ? 0 : 2)
            c.loopPeriod.append(r.loopCopies > 0 ? 20 : 0); c.loopCopies.append(r.loopCopies)
            c.loopStart.append(0); c.loopCoverage.append(r.loopCopies > 0 ? 0.8 : 0)
            c.dupLineChars.append(0); c.dupNgramChars.append(0); c.topNgramChars.append(0)
            c.truncation.append(0); c.lengthZ.append(Float(i) - 2); c.duplicateGroup.append(-1)
            c.correct.append(-1); c.verdicts.append(r.verdicts)
            c.contentKeyHi.append(UInt64(i)); c.contentKeyLo.append(0); c.endsMidWord.append(false); c.promptHash.append(UInt64(i))
            c.consistency.append(1); c.promptLang.append(-1); c.reasoningLang.append(-1); c.reasoningLangShare.append(1)
        }
        return (c, s, progress)
    }

    var fileNames: [String] { ["/data/fake.jsonl"] }

    func text(of trace: Int) -> TraceText {
        let r = rows[trace]
        var t = TraceText(prompt: r.prompt, reasoning: r.reasoning, answer: r.answer)
        t.gold = r.gold
        t.source = r.source
        return t
    }

    func highlights(of trace: Int) -> TraceHighlights {
        TraceHighlights(loop: rows[trace].loop, foreign: rows[trace].foreign)
    }

    /// A toy filter language: `loop`, `mixed`, `flagged`, `source == "x"`; anything else fails at column 0.
    func filter(_ expression: String, among: [Int32]) -> Result<[Int32], FilterFailure> {
        let e = expression.trimmingCharacters(in: .whitespaces)
        if e == "flagged" { return .success(among.filter { flags(of: Int($0)) != nil }) }
        if let v = Verdicts.named.first(where: { $0.name == e })?.verdict {
            return .success(among.filter { rows[Int($0)].verdicts.contains(v) })
        }
        if e.hasPrefix("source == \""), e.hasSuffix("\"") {
            let want = String(e.dropFirst(11).dropLast())
            return .success(among.filter { rows[Int($0)].source == want })
        }
        let col = e.firstIndex(of: ">").map { e.distance(from: e.startIndex, to: $0) } ?? 0
        return .failure(FilterFailure(column: col, message: "unknown field"))
    }

    func flags(of trace: Int) -> (labels: [String], note: String?)? {
        lock.lock(); defer { lock.unlock() }
        return flagStore[trace]
    }

    struct DiskFull: Error, CustomStringConvertible { var description: String { "disk full" } }
    var failWrites = false

    func changeFlags(of trace: Int, _ change: FlagChange) throws {
        lock.lock(); defer { lock.unlock() }
        if failWrites { throw DiskFull() }
        let (labels, note) = change.applied(to: flagStore[trace]?.labels ?? [], note: flagStore[trace]?.note)
        if labels.isEmpty && note == nil { flagStore[trace] = nil } else { flagStore[trace] = (labels, note) }
    }
}
