import Testing
@testable import PonderUI

@Suite struct WidthTests {
    @Test func asciiAndCJK() {
        #expect(Width.of("abc") == 3)
        #expect(Width.of("中文") == 4)
        #expect(Width.of("ｱ") == 1)  // halfwidth katakana
        #expect(Width.of("Ａ") == 2)  // fullwidth
        #expect(Width.of("한국어") == 6)
    }

    @Test func zeroWidth() {
        #expect(Width.of("a\u{200B}") == 1)
        #expect(Width.of("e\u{301}") == 1)  // combining acute
        #expect(Width.of("\u{FE0F}") == 0)
        #expect(Width.of("\u{200D}") == 0)
    }

    @Test func emoji() {
        #expect(Width.of("👩‍💻") == 2)  // ZWJ sequence: one glyph
        #expect(Width.of("❤️") == 2)  // VS16
        #expect(Width.of("😀") == 2)
        #expect(Width.of("🇫🇷") == 2)
    }

    @Test func controlsAreVisible() {
        #expect(Width.glyph("\u{1B}").text == "^[")
        #expect(Width.glyph("\r").text == "^M")
        #expect(Width.glyph("\u{7F}").text == "^?")
        #expect(Width.glyph("\u{202E}").text == "<U+202E>")
        #expect(Width.glyph("\u{85}").text == "<U+0085>")
        #expect(Width.glyph("\u{2028}").text == "<U+2028>")
        #expect(Width.glyph("\u{0}").text == "^@")
        var b = ScreenBuffer(width: 20, height: 1)
        b.put("a\u{1B}[31mb", x: 0, y: 0)
        #expect(b.lines[0] == "a^[[31mb")
        #expect(!b.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E } })
    }

    @Test func wideGlyphNeverHalfDrawnAtRightEdge() {
        var b = ScreenBuffer(width: 5, height: 1)
        let end = b.put("ab中文", x: 0, y: 0)
        #expect(b.lines[0] == "ab中")
        #expect(end == 5)
        #expect(b[4, 0].text == " ")
        var c = ScreenBuffer(width: 4, height: 1)
        c.put("中文字", x: 1, y: 0)
        #expect(c.lines[0] == " 中")
    }

    @Test func overwritingHalfAWideGlyphBlanksTheOtherHalf() {
        var b = ScreenBuffer(width: 4, height: 1)
        b.put("中文", x: 0, y: 0)
        b.put("x", x: 1, y: 0)
        #expect(b.lines[0] == " x文")
        b.put("y", x: 2, y: 0)
        #expect(b.lines[0] == " xy")
    }

    @Test func truncateAndPad() {
        #expect(Width.truncate("中文字", to: 4) == "中…")
        #expect(Width.of(Width.pad("中文字", to: 4)) == 4)
        #expect(Width.pad("ab", to: 4, alignRight: true) == "  ab")
    }

    @Test func wrapAtWordBoundaries() {
        let w = WrappedText("the quick brown fox", width: 10)
        #expect(w.lines.map { String(w.substring($0)) } == ["the quick ", "brown fox"])
        let cjk = WrappedText("勾股定理说明", width: 5)
        #expect(cjk.lines.map { String(cjk.substring($0)) } == ["勾股", "定理", "说明"])
        let nl = WrappedText("a\nb", width: 10)
        #expect(nl.lines.count == 2)
    }
}

/// `WrappedText` walks ASCII bytes directly (a 400,000-character reasoning took a tenth of a second
/// to wrap one Character at a time). It must break exactly where the plain walk does.
@Suite struct WrapFastPathTests {
    /// The plain walk, one grapheme cluster at a time: the reference.
    static func reference(_ text: String, width: Int) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        guard width > 0 else { return [] }
        var lineStart = 0, col = 0, offset = 0
        var lastSpaceEnd: Int? = nil, colAtSpace = 0
        for ch in text {
            let len = ch.utf8.count
            if ch == "\n" || ch == "\r\n" {
                lines.append(lineStart..<offset)
                offset += len; lineStart = offset; col = 0; lastSpaceEnd = nil
                continue
            }
            let w = Width.glyph(ch).width
            if col + w > width && col > 0 {
                if let s = lastSpaceEnd, s > lineStart {
                    lines.append(lineStart..<s)
                    lineStart = s; col -= colAtSpace
                } else {
                    lines.append(lineStart..<offset)
                    lineStart = offset; col = 0
                }
                lastSpaceEnd = nil
            }
            col += w
            offset += len
            if ch == " " { lastSpaceEnd = offset; colAtSpace = col }
        }
        if lineStart < offset || lines.isEmpty || text.hasSuffix("\n") { lines.append(lineStart..<offset) }
        return lines
    }

    @Test func breaksWhereTheGraphemeWalkBreaks() {
        let pieces = ["word ", "e\u{301}", "中文", " ", "👩‍💻", "🇫🇷🇩🇪", "\r\n", "\n", "\t", "\r", "\u{1B}[31m", "a\u{200B}b",
                      "x", "longwordwithoutspaces", "  ", "Ａ", "\u{202E}", "ok.", "\u{7F}", "ä", "🙂\u{FE0F}"]
        var seed: UInt64 = 42
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<next(40) { text += pieces[next(pieces.count)] }
            for width in [1, 2, 3, 7, 20] {
                #expect(WrappedText(text, width: width).lines == Self.reference(text, width: width), "\(text.debugDescription) at \(width)")
            }
        }
    }
}
