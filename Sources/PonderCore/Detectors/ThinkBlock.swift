/// Small helpers about think blocks shared by the layouts and the "empty or skipped thinking"
/// detector (GUIDE §3).
public enum ThinkBlock {
    /// True when `s` is empty or holds only white space (ASCII space, tab, CR, LF, vertical tab,
    /// form feed, and the Unicode white space scalars such as U+00A0, U+2028, U+3000).
    /// `<think>\n\n</think>` has a blank body. O(n) over the UTF-8 bytes, no allocation.
    public static func isBlank(_ s: String) -> Bool {
        var allBlankASCII = true
        var sawNonASCII = false
        for b in s.utf8 {
            if b >= 0x80 { sawNonASCII = true; break }
            if !(b == 0x20 || (b >= 0x09 && b <= 0x0D)) { allBlankASCII = false; break }
        }
        if !allBlankASCII { return false }
        if !sawNonASCII { return true }
        for scalar in s.unicodeScalars where !scalar.properties.isWhitespace {
            return false
        }
        return true
    }
}
