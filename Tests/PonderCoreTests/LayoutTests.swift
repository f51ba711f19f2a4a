import Foundation
import Testing
@testable import PonderCore

/// Layout recognition and extraction over the hand-written fixtures in `fixtures/formats/`
/// (one file per layout of GUIDE §2), explicit field paths, and the real files in
/// `shared/data/real` when that folder is present.
@Suite struct LayoutTests {
    static func documents(_ name: String) throws -> [JSONDocument] {
        if name.hasSuffix(".json") {
            // One top-level array: splitting it into records is the reader's job; here we walk it.
            let data = try Data(contentsOf: LayoutFixtures.formats.appendingPathComponent(name))
            let doc = try LayoutFixtures.document(Array(data))
            return try doc.elements(doc.root).map { try LayoutFixtures.document(doc.source($0)) }
        }
        return try LayoutFixtures.fixture(name)
    }

    static func traces(_ name: String, explicit: ExplicitPaths? = nil) throws -> (LayoutPlan, [RecordTraces]) {
        LayoutFixtures.traces(try documents(name), explicit: explicit)
    }

    @Test(arguments: LayoutExpectations.files.map(\.name))
    func fixtureTraces(_ name: String) throws {
        let expected = try #require(LayoutExpectations.files.first { $0.name == name })
        let (plan, records) = try Self.traces(name)
        #expect(plan.kind == expected.kind, "\(name): \(plan.summary)")
        #expect(records.count == expected.records.count)
        for (r, (got, want)) in zip(records, expected.records).enumerated() {
            #expect(got.layout == expected.kind, "\(name) record \(r)")
            #expect(got.problem == nil, "\(name) record \(r)")
            #expect(got.traces.count == want.count, "\(name) record \(r)")
            for (g, (t, w)) in zip(got.traces, want).enumerated() {
                #expect(t.prompt == w.prompt, "\(name) record \(r) trace \(g): prompt")
                #expect(t.reasoning == w.reasoning, "\(name) record \(r) trace \(g): reasoning")
                #expect(t.answer == w.answer, "\(name) record \(r) trace \(g): answer")
            }
        }
    }

    @Test func fixtureFilesAllHaveExpectations() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: LayoutFixtures.formats.path)
        #expect(Set(names) == Set(LayoutExpectations.files.map(\.name)))
        // Every layout of GUIDE §2 has at least one fixture.
        let kinds = Set(LayoutExpectations.files.map(\.kind))
        for k in LayoutKind.allCases where k != .unknown && k != .explicitPaths {
            #expect(kinds.contains(k), "no fixture for \(k)")
        }
    }

    @Test func splitFieldsMetadata() throws {
        let (plan, records) = try Self.traces("split_fields.jsonl")
        #expect(plan.summary == "split-fields: problem / deepseek_reasoning / deepseek_solution")
        let t = records.map { $0.traces[0] }
        #expect(t.map(\.id) == ["sf-000", "sf-001", "sf-002", "sf-003"])
        #expect(t.map(\.gold) == ["2, 3", "2", "see tests", "24"])
        #expect(t.map(\.source) == ["synthetic_math", "synthetic_math", "synthetic_code", "synthetic_math"])
        #expect(t[2].domain == "code")
        #expect(t.allSatisfy { $0.hasReasoningSlot && !$0.promptMissing && !$0.emptyThink })
    }

    @Test func arrayFileGoldAndId() throws {
        let (_, records) = try Self.traces("array.json")
        let t = records.map { $0.traces[0] }
        // `answer` is gold here: the model's answer is `response`.
        #expect(t.map(\.gold) == ["2", "ok", "24", "20"])
        #expect(t.map(\.id) == ["1", "2", "3", "4"])
    }

    @Test func oddKeyNames() throws {
        let (plan, _) = try Self.traces("odd_keys.jsonl")
        #expect(plan.summary == "split-fields: Question / Complex_CoT / Response")
        let (plan2, records) = try Self.traces("odd_keys_spaces.jsonl")
        #expect(plan2.summary == "split-fields: instruction+input / message_thinking / answer_text")
        #expect(records.map { $0.traces[0].gold } == ["x = 2 or x = 3", "2", "True"])
        #expect(records[0].traces[0].model == "distill-7b")
    }

    @Test func s1kTrajectoriesAndGold() throws {
        let (plan, records) = try Self.traces("s1k_trajectories.jsonl")
        #expect(plan.summary == "split-fields: question / thinking_trajectories / attempt")
        #expect(records.map { $0.traces[0].gold } == ["2", "24", "4"])
    }

    @Test func templatePromptKeepsSystemApart() throws {
        let (plan, records) = try Self.traces("template_prompt.jsonl")
        #expect(plan.summary == "think-tags: prompt / - / response")
        #expect(records.allSatisfy { $0.traces[0].system == "You are a helpful assistant. Think step by step before answering." })
    }

    @Test func thinkTagFlags() throws {
        let (_, records) = try Self.traces("think_tags.jsonl")
        let t = records.map { $0.traces[0] }
        #expect(t.map(\.emptyThink) == [false, true, false, false, false])
        #expect(t.map(\.unclosedThink) == [false, false, true, false, false])
        #expect(t.allSatisfy { $0.hasReasoningSlot })
        #expect(t[3].model == "Marco-o1")
    }

    @Test func thoughtMarkersUnclosed() throws {
        let (_, records) = try Self.traces("thought_markers.jsonl")
        #expect(records.map { $0.traces[0].unclosedThink } == [false, false, false, true])
        #expect(records.map { $0.traces[0].domain } == ["math", "math", "code", "math"])
    }

    @Test func chatMessagesSystemAndSlots() throws {
        let (plan, records) = try Self.traces("chat_messages.jsonl")
        #expect(plan.summary == "chat-messages: messages[].role/content")
        let t = records.map { $0.traces[0] }
        #expect(t[0].system == "You are a helpful assistant. Think step by step before answering.")
        #expect(t[0].model == "deepseek-reasoner")
        #expect(t[1].system == nil)
        // An empty `thinking` field is still a place for reasoning.
        #expect(t[3].hasReasoningSlot && t[3].reasoning.isEmpty)
    }

    @Test func shareGPTIdsAndSystem() throws {
        let (plan, records) = try Self.traces("sharegpt.jsonl")
        #expect(plan.summary == "sharegpt: conversations[].from/value")
        #expect(records.map { $0.traces[0].id } == ["sg-1", "sg-2", "sg-3"])
        #expect(records[0].traces[0].system == "You are a helpful assistant. Think step by step before answering.")
    }

    @Test func contentBlocksToolCalls() throws {
        let (_, records) = try Self.traces("content_blocks.jsonl")
        let t = records.map { $0.traces[0] }
        #expect(t[0].system == "You are a helpful assistant. Think step by step before answering.")
        #expect(t[0].model == "claude-3-7-sonnet-20250219")
        #expect(t[0].toolCalls == nil)
        #expect(t[2].system == "You can call tools.")
        #expect(t[2].toolCalls == #"{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}"#)
    }

    @Test func apiResponseMetadata() throws {
        let (plan, records) = try Self.traces("api_response.jsonl")
        #expect(plan.summary == "api-response: choices[].message.content/reasoning_content")
        let t = records.flatMap(\.traces)
        #expect(t.allSatisfy { $0.promptMissing && $0.prompt.isEmpty })
        #expect(t.map(\.finishReason) == ["stop", "length", "stop", "stop"])
        #expect(t.map(\.completionTokens) == [412, 640, 640, 250])
        #expect(t.map(\.reasoningTokens) == [301, nil, nil, nil])
        #expect(t.map(\.model) == ["deepseek-reasoner", "deepseek-reasoner", "deepseek-reasoner", "qwq-32b"])
        #expect(t.map(\.id) == ["chatcmpl-8f2a", "chatcmpl-8f2b", "chatcmpl-8f2b", "chatcmpl-8f2c"])
    }

    @Test func apiBatchUnderResponseBody() throws {
        let (plan, records) = try Self.traces("api_batch.jsonl")
        #expect(plan.summary == "api-response: response.body.choices[].message.content/reasoning_content")
        let t = records.map { $0.traces[0] }
        #expect(t.map(\.promptMissing) == [true, false, true])
        #expect(t[1].system == "You are a helpful assistant. Think step by step before answering.")
        #expect(t.map(\.id) == ["task-0", "task-1", "task-2"])
        #expect(t.map(\.reasoningTokens) == [350, 351, 352])
        #expect(t.map(\.completionTokens) == [500, 501, 502])
        #expect(t.allSatisfy { $0.model == "o-distill-14b" && $0.finishReason == "stop" })
    }

    @Test func generationsParallelLists() throws {
        let (plan, records) = try Self.traces("generations.jsonl")
        #expect(plan.summary == "generations: problem → generations[] + finish_reasons + correctness_math_verify + correctness_llama + is_reasoning_complete (think tags)")
        let t = records.flatMap(\.traces)
        #expect(t.map(\.finishReason) == ["stop", "stop", "length", "stop", "stop"])
        #expect(t.map(\.correct) == [true, true, false, true, false])
        #expect(t.map(\.unclosedThink) == [false, false, true, false, false])
        #expect(t.map(\.gold) == ["2, 3", "2, 3", "2", "2", "2"])
        #expect(t.map(\.source) == ["olympiads", "olympiads", "amc_aime", "amc_aime", "amc_aime"])
        #expect(t[0].id == "0d3f-1")
    }

    @Test func evalDumpParallelLists() throws {
        let (plan, records) = try Self.traces("eval_parallel_lists.jsonl")
        #expect(plan.summary == "generations: question → code[] + score + pred (thought markers)")
        let t = records.flatMap(\.traces)
        #expect(t.map(\.correct) == [true, true, true, true, false])
        #expect(t.map(\.gold) == ["24", "20", "20", "2", "2"])
        #expect(t.map(\.id) == ["0", "1", "1", "2", "2"])
    }

    @Test func generationObjects() throws {
        let (plan, records) = try Self.traces("vllm_outputs.jsonl")
        #expect(plan.summary == "generations: query → outputs[] (think tags)")
        let t = records.flatMap(\.traces)
        #expect(t.map(\.finishReason) == ["stop", "length", "stop", "length"])
        #expect(t.map(\.completionTokens) == [300, 4096, 301, 4096])
        #expect(t.allSatisfy { $0.model == "Qwen/QwQ-32B" })
    }

    @Test func promptCompletionSystem() throws {
        let (plan, records) = try Self.traces("prompt_completion_messages.jsonl")
        #expect(plan.summary == "prompt-completion: prompt/completion (message lists)")
        #expect(records.allSatisfy { $0.traces[0].system == "You are a helpful assistant. Think step by step before answering." })
    }

    @Test func chatTemplateSystem() throws {
        let (_, records) = try Self.traces("chat_template.jsonl")
        #expect(records.map { $0.traces[0].system } == [
            "You are a helpful assistant. Think step by step before answering.",
            "You are a helpful assistant. Think step by step before answering.",
        ])
    }

    // MARK: records no layout fits

    @Test func recordThatFitsNoLayoutIsKept() throws {
        let docs = try [#"{"problem": "What is 2+2?", "deepseek_reasoning": "2+2=4", "deepseek_solution": "4"}"#,
                        #"{"title": "unrelated", "count": 3}"#].map(LayoutFixtures.document)
        let plan = LayoutPlan.recognize(sample: docs)
        let r = plan.traces(in: docs[1])
        #expect(r.layout == .unknown)
        #expect(r.traces == [TraceText()])
        #expect(r.problem == "no prompt/reasoning/answer found; keys: title, count")
        let other = try LayoutFixtures.document("[1, 2]")
        #expect(plan.traces(in: other).layout == .unknown)
    }

    @Test func messageListBesideParallelListIsAConversation() throws {
        let line = #"{"messages": [{"role": "user", "content": "Explain why the sum of two even numbers is always even, and give a short algebraic proof that a first-year student could follow."}, {"role": "assistant", "content": "<think>Write them as 2a and 2b.</think>2a + 2b = 2(a + b), which is even."}], "scores": [1, 2]}"#
        let docs = try [LayoutFixtures.document(line)]
        let (plan, records) = LayoutFixtures.traces(docs)
        #expect(plan.kind == .chatMessages)
        #expect(records[0].traces[0].reasoning == "Write them as 2a and 2b.")
        #expect(records[0].traces[0].answer == "2a + 2b = 2(a + b), which is even.")
    }

    @Test func emptyOrNonObjectSample() throws {
        let plan = LayoutPlan.recognize(sample: [])
        #expect(plan.kind == .unknown)
        let arrays = try ["[1, 2]", "\"text\""].map(LayoutFixtures.document)
        let plan2 = LayoutPlan.recognize(sample: arrays)
        #expect(plan2.summary == "unknown: no JSON objects in the sample")
        #expect(plan2.traces(in: arrays[0]).problem == "record is not a JSON object; keys: (not an object: array)")
    }

    @Test func unknownFileSaysWhichKeysItSaw() throws {
        let docs = try [#"{"title": "a", "n": 1}"#, #"{"title": "b", "url": "x"}"#].map(LayoutFixtures.document)
        let plan = LayoutPlan.recognize(sample: docs)
        #expect(plan.kind == .unknown)
        #expect(plan.summary == "unknown: no prompt/reasoning/answer found; keys: title, n, url")
        #expect(plan.traces(in: docs[0]).problem == "no prompt/reasoning/answer found; keys: title, n")
    }

    // MARK: explicit paths

    @Test func explicitPathsBeatDetection() throws {
        let docs = try Self.documents("sharegpt.jsonl")
        let explicit = ExplicitPaths(prompt: try FieldPath.parse("conversations[0].value"),
                                     answer: try FieldPath.parse("conversations[-1].value"))
        let (plan, records) = LayoutFixtures.traces(docs, explicit: explicit)
        #expect(plan.kind == .explicitPaths)
        let t = records.map { $0.traces[0] }
        #expect(records.allSatisfy { $0.layout == .explicitPaths && $0.problem == nil })
        #expect(t[0].prompt == "You are a helpful assistant. Think step by step before answering.")
        #expect(t[2].prompt == "Quick question about units.")
        // The answer path's think tags are still split off.
        let want = try #require(LayoutExpectations.files.first { $0.name == "sharegpt.jsonl" })
        #expect(t.map(\.answer) == want.records.map { $0[0].answer })
        #expect(t.map(\.reasoning) == want.records.map { $0[0].reasoning })
    }

    @Test func explicitPathsOnUnknownLayoutAndMissingPath() throws {
        let docs = try [#"{"data": {"q": "What is 3*4?", "steps": ["3*4 = 12"], "final": "12"}}"#,
                        #"{"data": {"q": "What is 5+5?"}}"#].map(LayoutFixtures.document)
        let explicit = ExplicitPaths(prompt: try FieldPath.parse("data.q"),
                                     reasoning: try FieldPath.parse("data.steps[0]"),
                                     answer: try FieldPath.parse(#"["data"].final"#))
        let plan = LayoutPlan.recognize(sample: docs, explicit: explicit)
        let a = plan.traces(in: docs[0])
        #expect(a.layout == .explicitPaths && a.problem == nil)
        #expect(a.traces[0].prompt == "What is 3*4?" && a.traces[0].reasoning == "3*4 = 12" && a.traces[0].answer == "12")
        let b = plan.traces(in: docs[1])
        #expect(b.traces[0].prompt == "What is 5+5?")
        #expect(b.problem == "reasoning path data.steps[0] not found; answer path data.final not found")
    }

    // MARK: field paths

    @Test func fieldPathParses() throws {
        #expect(try FieldPath.parse("conversations[-1].value").steps == [.key("conversations"), .index(-1), .key("value")])
        #expect(try FieldPath.parse("choices[0].message.reasoning_content").steps
                == [.key("choices"), .index(0), .key("message"), .key("reasoning_content")])
        #expect(try FieldPath.parse(#"["key with space"][2]["a\"b"]"#).steps
                == [.key("key with space"), .index(2), .key("a\"b")])
        #expect(try FieldPath.parse(#"["key with space"].x"#).description == #"["key with space"].x"#)
        #expect(try FieldPath.parse("messages[0].content").description == "messages[0].content")
        #expect(try FieldPath.parse("[0][-2]").steps == [.index(0), .index(-2)])
    }

    @Test(arguments: [
        ("", 1, "empty path"),
        ("a..b", 3, "expected a key before '.'"),
        ("a.", 3, "expected a key after '.'"),
        ("a[", 3, "unexpected end after '['"),
        ("a[x]", 3, "expected an index or a quoted key after '['"),
        ("a[1", 4, "expected ']' after the index"),
        (#"a["b"#, 3, "unterminated quoted key"),
        (#"a["b"x"#, 6, "expected ']' after the quoted key"),
        ("a b", 2, "unexpected character ' '"),
        ("a[0]b", 5, "expected '.' or '[' before a key"),
        (".a", 1, "expected a key before '.'"),
        ("a.[0]", 3, "expected a key after '.'"),
    ])
    func fieldPathErrors(_ text: String, _ column: Int, _ reason: String) {
        #expect(throws: FieldPath.ParseError(column: column, reason: reason)) { try FieldPath.parse(text) }
    }

    @Test func fieldPathResolves() throws {
        let doc = try LayoutFixtures.document(#"{"a": [{"b": 1}, {"b": 2, "c d": "x"}], "s": "t"}"#)
        func at(_ p: String) throws -> String? {
            try FieldPath.parse(p).resolve(in: doc).map { doc.string($0) }
        }
        #expect(try at("a[0].b") == "1")
        #expect(try at("a[-1].b") == "2")
        #expect(try at(#"a[1]["c d"]"#) == "x")
        #expect(try at("a[2]") == nil)
        #expect(try at("a[-3]") == nil)
        #expect(try at("s[0]") == nil)
        #expect(try at("s.x") == nil)
        #expect(try at("missing") == nil)
    }
}
