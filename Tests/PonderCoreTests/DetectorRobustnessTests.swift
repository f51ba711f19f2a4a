import Testing
@testable import PonderCore

/// Adversarial inputs: every detector must return sane figures, never trap, on any text.
@Suite struct DetectorRobustnessTests {
    static let pieces = [
        "a", "Wait", " ", "\n", "\n\n", "\t", "$", "$$", "\\(", "\\)", "\\[", "\\]", "\\alpha", "\\", "`", "```",
        "分解", "こんにちは", "한국어", "привет", "θ", "Δx", "καλημέρα", "\u{FFFD}", "\u{1B}[0m", "😀", "e\u{301}",
        "١٢٣", "12", ".", "-----", "\u{3000}", "\u{A0}", "ab ab ab ", "x = 1. ",
    ]

    /// A deterministic pseudo-random text (SplitMix64), so failures reproduce.
    static func text(seed: UInt64, pieces count: Int) -> String {
        var state = seed
        var out = ""
        for _ in 0..<count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            out += pieces[Int(z % UInt64(pieces.count))]
        }
        return out
    }

    static func isScalarBoundary(_ s: String, _ offset: Int) -> Bool {
        let utf8 = Array(s.utf8)
        return offset == utf8.count || (offset < utf8.count && utf8[offset] & 0xC0 != 0x80)
    }

    @Test(arguments: 0..<300)
    func randomTextsGiveSaneFigures(seed: Int) {
        let reasoning = Self.text(seed: UInt64(seed), pieces: seed % 97 + 1)
        let prompt = Self.text(seed: UInt64(seed) &* 31, pieces: seed % 13)
        let bytes = reasoning.utf8.count

        let mix = ScriptMix.measure(prompt: prompt, reasoning: reasoning)
        #expect(mix.foreignLetters <= mix.letters)
        #expect(mix.mix >= 0 && mix.mix <= 1)
        for span in mix.spans {
            #expect(span.lowerBound >= 0 && span.upperBound <= bytes && !span.isEmpty)
            #expect(Self.isScalarBoundary(reasoning, span.lowerBound) && Self.isScalarBoundary(reasoning, span.upperBound))
        }

        if let loop = TailLoop.measure(reasoning) {
            #expect(loop.startByte >= 0 && loop.startByte < bytes)
            #expect(Self.isScalarBoundary(reasoning, loop.startByte))
            #expect(loop.coverage > 0 && loop.coverage <= 1)
            #expect(loop.copies >= 2 && loop.periodChars >= 1)
            #expect(loop.startChar + loop.coveredChars == Lengths.scalars(reasoning))
        }

        let rep = Repetition.measure(reasoning)
        for f in [rep.dupLineFrac, rep.dupLineCharFrac, rep.dupParaFrac, rep.dupParaCharFrac]
            + rep.topNgramCharFrac + rep.dupNgramCharFrac {
            #expect(f >= 0 && f <= 1.0000001)
        }
        #expect(TokenEstimate.count(reasoning) >= 0)
        #expect(Lengths.scalars(reasoning) == reasoning.unicodeScalars.count)
        _ = ThinkBlock.isBlank(reasoning)
    }

    @Test func tailLoopLongerThanTheWindow() {
        let unit = "Let me recompute the sum of the digits once more, carefully. "
        let text = "Intro sentence that is not repeated. " + String(repeating: unit, count: 6000)
        #expect(text.utf8.count > TailLoop.windowBytes)
        let r = TailLoop.measure(text)
        #expect(r?.periodChars == unit.count)
        #expect(TailLoop.isLoop(r))
        // The examined window bounds what is seen: coverage is of the whole reasoning.
        #expect(r.map { $0.coveredChars >= TailLoop.windowBytes - unit.count } == true)
        #expect(r.map { $0.startChar + $0.coveredChars } == Lengths.scalars(text))
    }

    @Test func tailLoopWindowStartsInsideAMultiByteScalar() {
        let unit = "答案是四十二。"
        let text = String(repeating: "前", count: 100_000) + String(repeating: unit, count: 20)
        let r = TailLoop.measure(text)
        #expect(r?.periodChars == 7)
        #expect(r?.copies == 20)
    }
}
