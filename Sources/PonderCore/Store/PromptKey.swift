import Foundation

/// The duplicate-prompt key: a 64-bit FNV-1a hash of the prompt normalised as GUIDE §3 says
/// (Unicode NFKC, case folded, white space collapsed and trimmed). 0 means "no prompt".
public enum PromptKey {
    public static func hash(_ prompt: String) -> UInt64 {
        var text = prompt
        if let h = text.withUTF8({ b -> UInt64? in b.contains { $0 >= 0x80 } ? nil : fold(b) }) { return h }
        var normalised = prompt.precomposedStringWithCompatibilityMapping.lowercased()
        return normalised.withUTF8 { fold($0) }
    }

    /// Lower-cases ASCII, collapses white space runs to one space, trims, and hashes.
    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
