/// Lengths of a trace's texts (GUIDE §3, Lengths).
public enum Lengths {
    /// The number of Unicode scalars in `s` (Ponder's "characters"), counted as the UTF-8 bytes
    /// that are not continuation bytes (`10xxxxxx`). O(n) over the bytes, no decoding.
    public static func scalars(_ s: String) -> Int {
        var copy = s
        return copy.withUTF8 { scalars(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// The number of Unicode scalars in valid UTF-8 `bytes`.
    public static func scalars(utf8 bytes: UnsafeRawBufferPointer) -> Int {
        var continuation = 0
        var i = 0
        let n = bytes.count
        // 8 bytes at a time: a continuation byte has its top bit set and the next one clear.
        while i + 8 <= n {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            continuation &+= (w & ~(w << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < n { if bytes[i] & 0xC0 == 0x80 { continuation &+= 1 }; i += 1 }
        return n - continuation
    }
}
