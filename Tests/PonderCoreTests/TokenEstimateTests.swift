import Testing
@testable import PonderCore

@Suite struct TokenEstimateTests {
    @Test func emptyIsZero() {
        #expect(TokenEstimate.count("") == 0)
        #expect(Lengths.scalars("") == 0)
    }

    @Test func scalarsCountsUnicodeScalarsNotBytes() {
        #expect(Lengths.scalars("abc") == 3)
        #expect(Lengths.scalars("分解") == 2)
        #expect(Lengths.scalars("e\u{301}") == 2)  // two scalars, one grapheme
        #expect(Lengths.scalars("👩‍💻") == 3)
        #expect(Lengths.scalars("Δx = 2π") == 7)
    }

    @Test func englishWordsAreAboutOneTokenEach() {
        // cl100k: "The quick brown fox jumps over the lazy dog." is 10 tokens.
        #expect(TokenEstimate.count("The quick brown fox jumps over the lazy dog.") == 10)
    }

    @Test func digitsAndPunctuationCountEach() {
        #expect(TokenEstimate.count("12345") == 5)
        #expect(TokenEstimate.count("a+b=c") == 5)
        #expect(TokenEstimate.count("----------------") == 4)
    }

    @Test func cjkIsAboutOneTokenPerCharacter() {
        #expect(TokenEstimate.count("我们考虑分解") == 6)
        #expect(TokenEstimate.count("こんにちは") == 5)
    }

    @Test func otherScriptsAboutTwoCharactersPerToken() {
        #expect(TokenEstimate.count("привет") == 3)
    }

    @Test func newlinesCountOncePerRun() {
        #expect(TokenEstimate.count("a\n\n\nb") == 3)
        #expect(TokenEstimate.count("a   b") == 2)
    }

    @Test func thinkBlockBlank() {
        #expect(ThinkBlock.isBlank(""))
        #expect(ThinkBlock.isBlank("\n\n \t"))
        #expect(ThinkBlock.isBlank("\u{3000}\u{A0}\n"))
        #expect(!ThinkBlock.isBlank("\n x \n"))
        #expect(!ThinkBlock.isBlank("分"))
    }
}
