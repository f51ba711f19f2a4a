import Testing
@testable import PonderCore

/// The detectors that skip ordinary bytes 64 at a time by the byte-class masks (`CGuard`'s
/// `ponder_byte_classes`) against the same detectors read byte by byte.
@Suite struct ByteBlockTests {
    /// Text with everything the scans treat specially, at every place in a block: code fences and
    /// spans, inline and display math, LaTeX commands and delimiters, HTML tags and `<` in
    /// comparisons, digits, letters of several scripts.
    static let pieces: [String] = [
        "Let", "me", "compute", "the", "sum", " ", " ", " ", "\n", "\n\n", "3", "2024", "x", "=", "<", "a < b", "<br/>",
        "</think>", "<td align=\"c\">", "`", "`code`", "```\nlet x = 1\n```", "$", "$x^2$", "$$\\frac{1}{2}$$", "\\(",
        "\\)", "\\[", "\\]", "\\frac", "\\alpha", "\\", "é", "Straße", "жизнь", "日本語", "λ", "🙂", "''", "\"", ".",
    ]

    static func text(_ rng: inout SeededGenerator) -> String {
        (0..<Int(rng.next() % 160)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
    }

    @Test func cleanSkipsBlocksAsItReadsBytes() {
        var rng = SeededGenerator(state: 21)
        for _ in 0..<5_000 {
            let original = Array(Self.text(&rng).utf8)
            var blocks = original
            var bytes = original
            blocks.withUnsafeMutableBufferPointer { LanguageID.clean($0, blocks: true) }
            bytes.withUnsafeMutableBufferPointer { LanguageID.clean($0, blocks: false) }
            #expect(blocks == bytes, "\(String(decoding: original, as: UTF8.self).debugDescription)")
        }
    }

    @Test func scriptScanSkipsBlocksAsItReadsBytes() {
        var rng = SeededGenerator(state: 22)
        for _ in 0..<5_000 {
            var text = Self.text(&rng)
            let (blocks, bytes) = text.withUTF8 { b -> ([String], [String]) in
                let raw = UnsafeRawBufferPointer(b)
                var blocks: [String] = [], bytes: [String] = []
                ScriptMix.forEachLetter(raw, blocks: true) { blocks.append(String(describing: $0)) }
                ScriptMix.forEachLetter(raw, blocks: false) { bytes.append(String(describing: $0)) }
                return (blocks, bytes)
            }
            #expect(blocks == bytes, "\(text.debugDescription)")
        }
    }
}
