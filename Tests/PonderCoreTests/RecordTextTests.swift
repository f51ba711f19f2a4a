import Foundation
import Testing
@testable import PonderCore

/// `RecordText.trim` reads the UTF-8 bytes; Foundation's `trimmingCharacters(in:
/// .whitespacesAndNewlines)` is the definition it must keep.
@Suite struct RecordTextTests {
    static let alphabet: [String] = [
        " ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2000}", "\u{2005}",
        "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
        // Near misses: not in the set.
        "\u{1C}", "\u{1F}", "\u{84}", "\u{200B}", "\u{180E}", "\u{2030}", "\u{205E}", "\u{3001}", "\u{FEFF}",
        "a", "Z", "é", "\u{301}", "中", "🙂", "0", "<", "\u{0}",
    ]

    @Test func trimAgreesWithFoundation() {
        var rng = SeededGenerator(state: 7)
        for _ in 0..<20_000 {
            let length = Int(rng.next() % 9)
            var s = ""
            for _ in 0..<length { s += Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))] }
            #expect(RecordText.trim(s) == s.trimmingCharacters(in: .whitespacesAndNewlines),
                    "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func trimKeepsTheTextBetween() {
        #expect(RecordText.trim("\u{3000} \n Let me think.\u{2029}\n") == "Let me think.")
        #expect(RecordText.trim("plain") == "plain")
        #expect(RecordText.trim(" \t\n") == "")
        #expect(RecordText.trim("") == "")
    }
}
