import Testing
@testable import PonderCore

@Suite struct ScriptMixTests {
    func check(prompt: String, _ marked: String, mixed: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        let (text, expected) = MarkedFixture.parse(marked)
        let r = ScriptMix.measure(prompt: prompt, reasoning: text)
        #expect(r.spans == expected, sourceLocation: sourceLocation)
        #expect(r.isMixed() == mixed, sourceLocation: sourceLocation)
    }

    @Test func chineseWordInEnglishReasoningIsMixed() {
        check(prompt: "How do agents split tasks?",
              "We consider those⟦分解⟧ agents that split the work.", mixed: true)
        let r = ScriptMix.measure(prompt: "How?", reasoning: "We consider those分解 agents.")
        #expect(r.foreignLetters == 2)
        #expect(r.foreignScripts == [.han])
        #expect(r.mix > 0 && r.mix < 0.15)
    }

    @Test func foreignRunsMergeAcrossSpacesAndPunctuation() {
        check(prompt: "Solve for x.",
              "So x = 2. ⟦然后我们, 得到 答案⟧ and then 3x = 6.", mixed: true)
    }

    @Test func differentForeignScriptsAreSeparateSpans() {
        check(prompt: "Solve for x.", "ok ⟦这个⟧⟦слово⟧ done", mixed: true)
    }

    @Test func cyrillicInEnglishIsMixed() {
        check(prompt: "What is the derivative of x^2?",
              "The derivative is 2x, ⟦потому что⟧ the power rule applies.", mixed: true)
    }

    @Test func banglaPromptEnglishReasoningQuotingItIsNotMixed() {
        check(prompt: "একটি ত্রিভুজের তিনটি কোণের যোগফল কত?",
              "The question \"একটি ত্রিভুজের তিনটি কোণের যোগফল কত?\" asks for the angle sum of a triangle, which is 180 degrees.",
              mixed: false)
    }

    @Test func japanesePromptAllowsKanaAndKanji() {
        check(prompt: "三角形の内角の和はいくつですか？",
              "三角形の内角の和は180度です。まず、平行線を引いて考えます。これはユークリッド幾何の定理です。",
              mixed: false)
    }

    @Test func chinesePromptWithMathAllowsLatinButNotKana() {
        check(prompt: "求 $x^2 = 4$ 的解。",
              "我们有 x = 2 或 x = -2, so the answer is ±2. ⟦これは⟧答案。", mixed: true)
    }

    @Test func koreanPromptAllowsHanja() {
        check(prompt: "삼각형의 내각의 합은?", "삼각형(三角形)의 내각의 합은 180도입니다.", mixed: false)
    }

    @Test func greekMathAndUnitsAreNotLetters() {
        check(prompt: "Find the angle.",
              "Let θ be the angle, Δx the step, and the length 5 μm. Then $\\alpha + β = γ$ and \\(\\sin φ\\), so 2π r.",
              mixed: false)
        let r = ScriptMix.measure(prompt: "Find it.", reasoning: "θ Δx μm αβ $λμν$")
        #expect(r.foreignLetters == 0)
    }

    @Test func modifierLettersAreNotLetters() {
        let r = ScriptMix.measure(prompt: "Sum it.", reasoning: "Let xᵢ = aⁿ, with ˆp the estimate and ʼ marks; ᴀʙᴄ.")
        #expect(r.foreignLetters == 0)
    }

    @Test func greekWordsAreLetters() {
        check(prompt: "Translate the word.", "The word is ⟦καλημέρα⟧ in the text.", mixed: true)
    }

    @Test func codeBlocksWithCJKCommentsAreNotCounted() {
        // Decision: code is not the reasoning's language, so its comments are not mixing.
        check(prompt: "Write a sort function.",
              "Here is the code:\n```python\ndef f(xs):\n    # 排序列表\n    return sorted(xs)\n```\nand `x = \"排序\"` inline.",
              mixed: false)
    }

    @Test func latexCommandsAreNotLetters() {
        let r = ScriptMix.measure(prompt: "计算。", reasoning: "\\frac\\alpha 计算")
        #expect(r.letters == 2)
        #expect(r.foreignLetters == 0)
    }

    @Test func latinIsAlwaysAllowed() {
        // Decision: an English chain of thought for a Chinese prompt is the language
        // detector's business; Latin variable names and terms are everywhere.
        check(prompt: "你好吗？", "我很好, thanks。", mixed: false)
    }

    @Test func englishPromptWithChineseReasoningIsMixed() {
        check(prompt: "How are you?", "⟦我很好⟧, thanks.", mixed: true)
    }

    @Test func emptyPromptAllowsReasoningScriptAndLatin() {
        check(prompt: "", "这是一个测试文本，我们先计算面积, with x. ⟦Привет⟧", mixed: true)
    }

    /// Without a prompt the reasoning's main script decides: English with Chinese in it is mixed.
    @Test func emptyPromptWithEnglishReasoningMarksChinese() {
        check(prompt: "", "First compute the area of the triangle, then ⟦我们需要检查一下⟧ the height.", mixed: true)
        check(prompt: "123 + 456 = ?", "Add the hundreds, then the tens, then ⟦个位数⟧ units.", mixed: true)
    }

    @Test func singleForeignLetterIsNotMixedByDefault() {
        check(prompt: "Hello.", "A ⟦字⟧ here.", mixed: false)
        let r = ScriptMix.measure(prompt: "Hello.", reasoning: "A 字 here.")
        #expect(r.isMixed(minForeignLetters: 1))
    }

    @Test func digitsSymbolsAndReplacementCharactersAreNotLetters() {
        let r = ScriptMix.measure(prompt: "x", reasoning: "١٢٣ ४५ → ∑ ℝ 𝔽 \u{FFFD}\u{1B}[0m ×÷ 😀")
        #expect(r.letters == 1)  // the "m" after ESC [0
        #expect(r.foreignLetters == 0)
    }
}
