/// The `count` (0...8) bytes of `bytes` at `offset` as a little-endian integer, the higher bytes
/// zero: one masked 8-byte load where 8 bytes can be read, byte by byte at the buffer's end. The
/// word hashes of `Repetition` and the word keys of `EnglishSentences` are built from it.
@inline(__always)
func littleEndianPrefix(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ count: Int) -> UInt64 {
    guard count > 0 else { return 0 }
    if offset + 8 <= bytes.count {
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & (~UInt64(0) >> UInt64(64 - 8 * count))
    }
    var v: UInt64 = 0
    for k in 0..<count { v |= UInt64(bytes[offset + k]) << UInt64(8 * k) }
    return v
}

/// The high bit of each byte of `x` set where that byte is zero, exactly (no carry crosses a byte):
/// compare 8 bytes at once with `x = v ^ (pattern)`.
@inline(__always)
func zeroBytes(_ x: UInt64) -> UInt64 {
    ~(((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x) & 0x8080_8080_8080_8080
}
