/// A trace's identity: a 128-bit hash of its prompt, reasoning and answer (GUIDE §2, §5). Flags are
/// keyed by it, so they survive reordering, re-sharding and appending to the dataset. Written in the
/// sidecar as 32 lowercase hex digits, `hi` first.
///
/// The hash, version 1 (stable across runs, processes and platforms; not Swift's per-process `Hasher`):
/// - The message is, for each of prompt, reasoning and answer in that order: the field's UTF-8 byte
///   length as one 64-bit word, then its UTF-8 bytes as little-endian 64-bit words, the last one
///   padded with zero bytes. The lengths make the split between fields unambiguous.
/// - Two lanes read every word `w`, starting from `a = 0x243F6A8885A308D3` and `b = 0x13198A2E03707344`:
///   `a = rotl(a ^ (w &* P2), 31) &* P1`, `b = rotl(b ^ (w &* P3), 27) &* P4`, with the xxHash64
///   primes `P1 = 0x9E3779B185EBCA87`, `P2 = 0xC2B2AE3D27D4EB4F`, `P3 = 0x165667B19E3779F9`,
///   `P4 = 0x85EBCA77C2B2AE63`.
/// - Finally `hi = fmix64(a ^ N)`, `lo = fmix64(b ^ rotl(hi, 29) ^ N)`, where `N` is the number of words
///   and `fmix64` is MurmurHash3's 64-bit finaliser.
///
/// Not cryptographic: it tells traces apart, it does not resist a forger. With 128 bits, an accidental
/// collision among even billions of traces is negligible.
public struct ContentKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var hi: UInt64
    public var lo: UInt64

    public init(hi: UInt64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }

    /// Parses 32 hex digits (either case); nil for anything else.
    public init?(hex: some StringProtocol) {
        let u = Array(hex.utf8)
        guard u.count == 32 else { return nil }
        var words: [UInt64] = [0, 0]
        for (i, c) in u.enumerated() {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
            default: return nil
            }
            words[i / 16] = words[i / 16] << 4 | UInt64(v)
        }
        hi = words[0]
        lo = words[1]
    }

    /// 32 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<16 {
            out[15 - i] = digits[Int((hi >> (UInt64(i) * 4)) & 0xF)]
            out[31 - i] = digits[Int((lo >> (UInt64(i) * 4)) & 0xF)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (l: ContentKey, r: ContentKey) -> Bool {
        (l.hi, l.lo) < (r.hi, r.lo)
    }

    /// The key of a trace's content (version 1, see the type's documentation).
    public static func of(prompt: String, reasoning: String, answer: String) -> ContentKey {
        var h = ContentHasher()
        var p = prompt, r = reasoning, a = answer
        p.withUTF8 { h.field($0) }
        r.withUTF8 { h.field($0) }
        a.withUTF8 { h.field($0) }
        return h.finish()
    }

    /// The key of a trace.
    public static func of(_ trace: TraceText) -> ContentKey {
        of(prompt: trace.prompt, reasoning: trace.reasoning, answer: trace.answer)
    }
}

/// The two-lane word hash behind `ContentKey`; fields are fed whole, as UTF-8 bytes.
struct ContentHasher {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63

    var a: UInt64 = 0x243F_6A88_85A3_08D3
    var b: UInt64 = 0x1319_8A2E_0370_7344
    var words: UInt64 = 0

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) mutating func word(_ w: UInt64) {
        a = ContentHasher.rotl(a ^ (w &* ContentHasher.p2), 31) &* ContentHasher.p1
        b = ContentHasher.rotl(b ^ (w &* ContentHasher.p3), 27) &* ContentHasher.p4
        words &+= 1
    }

    mutating func field(_ bytes: UnsafeBufferPointer<UInt8>) {
        word(UInt64(bytes.count))
        guard let base = bytes.baseAddress else { return }
        let raw = UnsafeRawPointer(base)
        let n = bytes.count
        var i = 0
        while i + 8 <= n {
            word(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        if i < n {
            var w: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            word(w)
        }
    }

    static func fmix64(_ k0: UInt64) -> UInt64 {
        var k = k0
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    func finish() -> ContentKey {
        let hi = ContentHasher.fmix64(a ^ words)
        let lo = ContentHasher.fmix64(b ^ ContentHasher.rotl(hi, 29) ^ words)
        return ContentKey(hi: hi, lo: lo)
    }
}
