import Foundation
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

    // MARK: - The 64-byte block path against the unit-by-unit definition

    /// The count read unit by unit (`TokenEstimate.unit`, the definition), without the block path.
    static func unitByUnit(_ s: String) -> Int {
        var copy = s
        return copy.withUTF8 { b in
            let bytes = UnsafeRawBufferPointer(b)
            var tokens = 0
            var i = 0
            while i < bytes.count { i = TokenEstimate.unit(bytes, at: i, tokens: &tokens) }
            return tokens
        }
    }

    /// Pieces that put every rule at every place in a block: words of 1 to 20 letters (6, 12, 18
    /// letters after the first), digits, white space with and without newlines, punctuation
    /// alone, in pairs, doubled and tripled, controls, non-ASCII letters, CJK, emoji, combining
    /// marks.
    static let pieces: [String] = [
        " ", "  ", "\n", "\n\n", " \n ", "\t", "\r\n", " \n \n", "\u{0B}\u{0C}", "\r",
        "(", ")", "))", "\\(", "\\)", "...", "..", "--", "---", "----", "^{", "}{", "$$", "$", "=", ",", ".",
        "!?", "((", "(((", "#", "~", "|", "`", "\"", "'", "_", "@", "[", "]",
        "0", "7", "42", "2024", "3.14",
        "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "é", "été", "Straße", "жизнь", "日本", "한", "🙂", "e\u{301}", "\u{A0}", "\u{3000}",
    ]

    static func randomText(_ rng: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<Int(rng.next() % 120) {
            if rng.next() % 3 == 0 {
                let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
                let length = 1 + Int(rng.next() % 20)
                for _ in 0..<length { s.append(letters[Int(rng.next() % UInt64(letters.count))]) }
            } else {
                s += pieces[Int(rng.next() % UInt64(pieces.count))]
            }
        }
        return s
    }

    @Test func blocksCountAsUnitByUnit() {
        var rng = SeededGenerator(state: 42)
        for _ in 0..<20_000 {
            let text = Self.randomText(&rng)
            #expect(TokenEstimate.count(text) == Self.unitByUnit(text), "\(text.debugDescription)")
        }
    }

    @Test func blocksOfAnyASCIICountAsUnitByUnit() {
        // Every ASCII byte at every offset of the 64-byte blocks.
        var rng = SeededGenerator(state: 7)
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 300)
            let text = String(decoding: (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next() % 128) }, as: UTF8.self)
            #expect(TokenEstimate.count(text) == Self.unitByUnit(text), "\(text.debugDescription)")
        }
    }

    @Test func longRunsCountAsUnitByUnit() {
        for run in ["a", " ", "\n", ".", "1", "é", "ab", "()"] {
            for length in [63, 64, 65, 127, 128, 129, 500] {
                let text = "x " + String(repeating: run, count: length) + " y"
                #expect(TokenEstimate.count(text) == Self.unitByUnit(text), "\(run.debugDescription) x \(length)")
            }
        }
    }

    /// Reads `shared/data/real` (skipped where it is absent) and the project's fixtures.
    @Test func realTextCountsAsUnitByUnit() throws {
        var files = try FileManager.default.contentsOfDirectory(atPath: SharedData.fixtures.appendingPathComponent("formats").path)
            .map { SharedData.fixtures.appendingPathComponent("formats/\($0)") }
        files.append(SharedData.fixtures.appendingPathComponent("demo.jsonl"))
        if let real = SharedData.folder("real") {
            files += try FileManager.default.contentsOfDirectory(atPath: real.path).filter { $0.hasSuffix(".jsonl") }
                .map { real.appendingPathComponent($0) }
        }
        var checked = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for line in text.split(separator: "\n").prefix(400) {
                let line = String(line)
                #expect(TokenEstimate.count(line) == Self.unitByUnit(line), "\(file.lastPathComponent)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }
}
