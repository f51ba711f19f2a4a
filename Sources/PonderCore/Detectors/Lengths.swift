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
        for b in bytes where b & 0xC0 == 0x80 { continuation &+= 1 }
        return bytes.count - continuation
    }
}
