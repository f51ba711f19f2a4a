/// Text from a dataset made safe for a terminal in plain-text reports (`ponder stats`, messages):
/// control characters become visible (`^[`, `^M`, `^?`), C1 controls, bidi controls and line
/// separators become `<U+202E>`, as the inspector shows them (GUIDE §5: never sent raw).
/// `\n` and `\t` are kept when `keepLayout` is set (a report's own lines).
public enum VisibleText {
    public static func escape(_ text: String, keepLayout: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepLayout) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for s in text.unicodeScalars {
            guard needsEscape(s, keepLayout) else { out.unicodeScalars.append(s); continue }
            let v = s.value
            if v < 0x20 {
                out += "^" + String(Unicode.Scalar(UInt8(v) + 0x40))
            } else if v == 0x7F {
                out += "^?"
            } else {
                var hex = String(v, radix: 16, uppercase: true)
                while hex.count < 4 { hex = "0" + hex }
                out += "<U+\(hex)>"
            }
        }
        return out
    }

    static func needsEscape(_ s: Unicode.Scalar, _ keepLayout: Bool) -> Bool {
        let v = s.value
        if v < 0x20 { return !(keepLayout && (v == 0x0A || v == 0x09)) }
        if v < 0x7F { return false }
        return v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C || v == 0x2028 || v == 0x2029
    }
}
