/// All terminal width logic lives here (STYLE: one place, ASCII fast path).
///
/// A grapheme cluster is shown as a `Glyph`: the text actually sent to the terminal and the
/// number of columns it takes (0, 1, 2, or more for the visible forms of control characters).
/// Control characters and bidi controls are never sent raw: `^[`, `^M`, `<U+202E>`.
public struct Glyph: Equatable, Sendable {
    public var text: String
    public var width: Int
}

public enum Width {
    /// The glyph shown for one grapheme cluster. Width 0 means "draw nothing".
    public static func glyph(_ ch: Character) -> Glyph {
        let scalars = ch.unicodeScalars
        guard let first = scalars.first else { return Glyph(text: "", width: 0) }
        let v = first.value
        // ASCII fast path.
        if v >= 0x20 && v < 0x7F && scalars.count == 1 { return Glyph(text: String(ch), width: 1) }
        if v < 0x20 {
            if v == 0x09 { return Glyph(text: "    ", width: 4) }
            // "\r\n" is one grapheme; show the carriage return.
            let caret = Character(Unicode.Scalar(UInt8(v) + 0x40))
            return Glyph(text: "^\(caret)", width: 2)
        }
        if v == 0x7F { return Glyph(text: "^?", width: 2) }
        if (0x80...0x9F).contains(v) || isBidiControl(v) || v == 0x2028 || v == 0x2029 { return visibleCodePoint(v) }
        if scalars.allSatisfy(isZeroWidth) { return Glyph(text: "", width: 0) }
        // Emoji: presentation by default, forced by VS16, or a ZWJ sequence.
        if scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D })
            || first.properties.isEmojiPresentation
            || (scalars.count > 1 && (0x1F1E6...0x1F1FF).contains(v)) {
            return Glyph(text: String(ch), width: 2)
        }
        if isWide(v) { return Glyph(text: String(ch), width: 2) }
        if first.properties.generalCategory == .unassigned || first.properties.generalCategory == .privateUse
            || first.properties.generalCategory == .surrogate {
            return visibleCodePoint(v)
        }
        // Strip any trailing zero-width scalars the terminal might not agree on, except combining marks.
        return Glyph(text: String(ch), width: 1)
    }

    /// Columns taken by `text` as Ponder draws it (newlines count as their visible form).
    public static func of(_ text: String) -> Int {
        if text.utf8.contains(where: { $0 >= 0x80 }) { return slowWidth(text) }
        var w = 0
        for u in text.utf8 { w += (u < 0x20 || u == 0x7F) ? (u == 0x09 ? 4 : 2) : 1 }
        return w
    }

    private static func slowWidth(_ text: String) -> Int {
        var w = 0
        for ch in text { w += glyph(ch).width }
        return w
    }

    /// Truncates `text` to at most `width` columns, never splitting a wide glyph; adds `…` when cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: Bool = true) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = ""
        var w = 0
        let limit = ellipsis ? width - 1 : width
        for ch in text {
            let g = glyph(ch)
            if w + g.width > limit { break }
            out += g.text
            w += g.width
        }
        return ellipsis ? out + "…" : out
    }

    /// Pads with spaces (or truncates) to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let t = truncate(text, to: width)
        let fill = String(repeating: " ", count: max(0, width - of(t)))
        return alignRight ? fill + t : t + fill
    }

    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    static func visibleCodePoint(_ v: UInt32) -> Glyph {
        var hex = String(v, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        let t = "<U+\(hex)>"
        return Glyph(text: t, width: t.utf8.count)
    }

    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF || v == 0x00AD { return true }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide and Fullwidth ranges (wcwidth-like).
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        return (0x1100...0x115F).contains(v) || (0x231A...0x231B).contains(v) || (0x2329...0x232A).contains(v)
            || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v) || (0x3400...0x4DBF).contains(v)
            || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v) || (0xA960...0xA97F).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v)
            || (0xFE30...0xFE6F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x2FFFD).contains(v) || (0x30000...0x3FFFD).contains(v)
    }
}
