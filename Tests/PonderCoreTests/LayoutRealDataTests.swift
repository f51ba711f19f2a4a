import Foundation
import Testing
@testable import PonderCore

/// Layouts of the real published files in `shared/data/real` (see its README for sources and
/// licenses). That folder sits beside the worktrees, not in the repository: when it is absent
/// (another machine, CI), these tests are skipped.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: LayoutFixtures.realData.path)))
struct LayoutRealDataTests {
    static func traces(_ name: String) throws -> (LayoutPlan, [RecordTraces]) {
        LayoutFixtures.traces(try LayoutFixtures.lines(LayoutFixtures.realData.appendingPathComponent(name)))
    }

    static func checkCommon(_ records: [RecordTraces], _ kind: LayoutKind, tracesPerRecord: Int) {
        for (i, r) in records.enumerated() {
            #expect(r.layout == kind, "record \(i)")
            #expect(r.problem == nil, "record \(i)")
            #expect(r.traces.count == tracesPerRecord, "record \(i)")
            #expect(r.traces.allSatisfy { !$0.prompt.isEmpty && !$0.promptMissing }, "record \(i)")
        }
    }

    /// Sky-T1 eval dumps: generations in the list `code`, with thought/solution markers.
    @Test(arguments: ["Sky-T1-math-corrupt-0.5-32B_amc23.jsonl", "Sky-T1-math-wrong-5K-14B_aime24.jsonl"])
    func skyT1(_ name: String) throws {
        let (plan, records) = try Self.traces(name)
        #expect(plan.kind == .generations)
        #expect(plan.summary == "generations: question → code[] + score + pred (thought markers)")
        Self.checkCommon(records, .generations, tracesPerRecord: 1)
        let t = records.flatMap(\.traces)
        #expect(t.allSatisfy { !$0.reasoning.isEmpty && $0.hasReasoningSlot && $0.correct != nil && $0.gold != nil })
        #expect(t.allSatisfy { !$0.reasoning.contains("<|begin_of_thought|>") && !$0.answer.contains("<|end_of_solution|>") })
        // Cut off at the generation cap: an unclosed thought marker and no solution.
        let unclosed = t.filter(\.unclosedThink)
        #expect(unclosed.allSatisfy { $0.answer.isEmpty })
        if name.contains("aime24") { #expect(unclosed.count >= 20) }
    }

    /// Eight plain chain-of-thought generations per prompt, `code` and `response` in parallel.
    @Test func mathCoT() throws {
        let (plan, records) = try Self.traces("math_cot_100.jsonl")
        #expect(plan.kind == .generations)
        Self.checkCommon(records, .generations, tracesPerRecord: 8)
        let t = records.flatMap(\.traces)
        #expect(t.allSatisfy { !$0.reasoning.isEmpty && $0.correct != nil })
        #expect(t.allSatisfy { $0.system == "Please reason step by step, and put your final answer within \\boxed{}." })
        #expect(records[0].traces[0].gold == "420" && records[0].traces[0].answer == "420")
    }

    /// ShareGPT without think tags: the whole reply is the answer, and no reasoning is found.
    @Test func numinaShareGPT() throws {
        let (plan, records) = try Self.traces("numina_cot_sharegpt_data_1k.jsonl")
        #expect(plan.kind == .shareGPT)
        #expect(plan.summary == "sharegpt: conversations[].from/value (no reasoning found)")
        Self.checkCommon(records, .shareGPT, tracesPerRecord: 1)
        let t = records.flatMap(\.traces)
        #expect(t.count == 1000)
        #expect(t.allSatisfy { $0.reasoning.isEmpty && !$0.hasReasoningSlot && !$0.answer.isEmpty && $0.id != nil })
    }

    /// Typed content parts: reasoning parts joined, tool calls beside the answer.
    @Test func reasonToolUse() throws {
        let (plan, records) = try Self.traces("reason_tool_use_demo_50.jsonl")
        #expect(plan.kind == .contentBlocks)
        Self.checkCommon(records, .contentBlocks, tracesPerRecord: 1)
        let t = records.flatMap(\.traces)
        #expect(t.allSatisfy { !$0.reasoning.isEmpty && $0.system != nil })
        // 11 records end on an assistant turn of tool calls only: no answer text, the calls beside it.
        // (Record 7's answer ends in a stray `</think>`: dropped, not read as the end of reasoning.)
        let callsOnly = t.filter { $0.answer.isEmpty }
        #expect(callsOnly.count == 11)
        #expect(!records[6].traces[0].answer.contains("</think>") && records[6].traces[0].answer.hasPrefix("Your backup automation"))
        #expect(callsOnly.allSatisfy { $0.toolCalls?.contains("\"arguments\"") == true })
        #expect(t.allSatisfy { !($0.answer.contains("\"arguments\"")) })
    }
}
