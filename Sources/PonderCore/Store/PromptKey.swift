import Foundation

/// The duplicate-prompt key: a 64-bit FNV-1a hash of the prompt normalised as GUIDE §3 says
/// (Unicode NFKC, case folded, white space collapsed and trimmed). 0 means "no prompt".
public enum PromptKey {
    public static func hash(_ prompt: String) -> UInt64 {
        var isASCII = true
        for b in prompt.utf8 where b >= 0x80 { isASCII = false; break }
        if isASCII { return fold(prompt.utf8) }
        let normalised = prompt.precomposedStringWithCompatibilityMapping.lowercased()
        return fold(normalised.utf8)
    }

    /// Lower-cases ASCII, collapses white space runs to one space, trims, and hashes.
    private static func fold(_ bytes: String.UTF8View) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var pendingSpace = false
        var any = false
        for var b in bytes {
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0B || b == 0x0C {
                pendingSpace = any
                continue
            }
            if pendingSpace {
                h = (h ^ 0x20) &* 0x0000_0100_0000_01B3
                pendingSpace = false
            }
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
            any = true
        }
        return any ? (h == 0 ? 1 : h) : 0
    }
}
