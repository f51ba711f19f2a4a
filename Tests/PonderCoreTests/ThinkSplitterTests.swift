import Testing
@testable import PonderCore

@Suite struct ThinkSplitterTests {
    typealias S = ThinkSplitter.Split

    @Test(arguments: [
        ("<think>\nA\n</think>\n\nB", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("<THINK>A</Think>B", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("<thinking> A </thinking> B ", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("<reasoning>A</reasoning>B", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("<thought>A</thought>B", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("<Thought>A</Thought>\n<Output>B</Output>", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("<think>\n\n</think>\n\nB", S(reasoning: "", answer: "B", found: true, emptyThink: true, unclosedThink: false)),
        ("<think>A is cut", S(reasoning: "A is cut", answer: "", found: true, emptyThink: false, unclosedThink: true)),
        ("A\n</think>\nB", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("  just text \n", S(reasoning: "", answer: "just text", found: false, emptyThink: false, unclosedThink: false)),
        ("<|begin_of_thought|>\n\nA\n\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\nB\n\n<|end_of_solution|>",
         S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("<|begin_of_thought|>A<|end_of_thought|><|begin_of_solution|>B is cut",
         S(reasoning: "A", answer: "B is cut", found: true, emptyThink: false, unclosedThink: false)),
        ("<|begin_of_thought|>A", S(reasoning: "A", answer: "", found: true, emptyThink: false, unclosedThink: true)),
        ("Sure.<think>A</think>B", S(reasoning: "A", answer: "Sure.\n\nB", found: true, emptyThink: false, unclosedThink: false)),
        ("<think>用中文思考</think>答案", S(reasoning: "用中文思考", answer: "答案", found: true, emptyThink: false, unclosedThink: false)),
        ("", S(reasoning: "", answer: "", found: false, emptyThink: false, unclosedThink: false)),
        ("<think>\u{3000}A\u{A0}</think>\u{3000}B", S(reasoning: "A", answer: "B", found: true, emptyThink: false, unclosedThink: false)),
        ("a < b <= c<think>x</think>y", S(reasoning: "x", answer: "a < b <= c\n\ny", found: true, emptyThink: false, unclosedThink: false)),
        ("<thin", S(reasoning: "", answer: "<thin", found: false, emptyThink: false, unclosedThink: false)),
    ])
    func split(_ text: String, _ want: S) {
        #expect(ThinkSplitter.split(text) == want)
    }

    @Test func strayCloseTagWhenReasoningIsElsewhere() {
        #expect(ThinkSplitter.split("Answer.\n</think>", closeOnly: false)
                == S(reasoning: "", answer: "Answer.", found: false, emptyThink: false, unclosedThink: false))
        #expect(ThinkSplitter.split("A</think>B", closeOnly: false).answer == "A\n\nB")
    }

    @Test func boxedAnswer() {
        #expect(Boxed.last(in: "so \\boxed{1} or rather \\boxed{\\frac{1}{9}}.") == "\\frac{1}{9}")
        #expect(Boxed.last(in: "\\boxed{unclosed") == nil)
        #expect(Boxed.last(in: "no box") == nil)
    }

    @Test func deepSeekTemplateTurns() {
        let text = "<｜begin▁of▁sentence｜>Be brief.<｜User｜>What is 2+2?<｜Assistant｜>4<｜end▁of▁sentence｜><｜User｜>And 3+3?<｜Assistant｜><think>\n3+3=6\n</think>\n6"
        #expect(ChatTemplate.turns(text) == [
            TemplateTurn(role: "system", text: "Be brief."),
            TemplateTurn(role: "user", text: "What is 2+2?"),
            TemplateTurn(role: "assistant", text: "4"),
            TemplateTurn(role: "user", text: "And 3+3?"),
            TemplateTurn(role: "assistant", text: "<think>\n3+3=6\n</think>\n6"),
        ])
    }

    @Test func chatMLTurns() {
        let text = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n4<|im_end|>\n"
        #expect(ChatTemplate.turns(text) == [
            TemplateTurn(role: "system", text: "Be brief."),
            TemplateTurn(role: "user", text: "What is 2+2?"),
            TemplateTurn(role: "assistant", text: "4"),
        ])
        #expect(ChatTemplate.turns("no template here") == nil)
    }

    @Test func fieldWords() {
        #expect(FieldWords.role(of: "Complex_CoT") == .reasoning)
        #expect(FieldWords.role(of: "message_thinking") == .reasoning)
        #expect(FieldWords.role(of: "answer_text") == .answer)
        #expect(FieldWords.role(of: "deepseek_solution") == .answer)
        #expect(FieldWords.role(of: "answer") == .weakAnswer)
        #expect(FieldWords.role(of: "reference answer") == .gold)
        #expect(FieldWords.role(of: "ground_truth_solution") == .gold)
        #expect(FieldWords.role(of: "is_reasoning_complete") == .metadata)
        #expect(FieldWords.role(of: "reasoning_tokens") == .metadata)
        #expect(FieldWords.role(of: "userQuestion") == .prompt)
        #expect(FieldWords.role(of: "thinking_trajectories") == .reasoning)
        #expect(FieldWords.role(of: "system_prompt") == .system)
    }
}
