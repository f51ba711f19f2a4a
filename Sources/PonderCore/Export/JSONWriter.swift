import CGuard

/// Appends JSON text to a byte buffer. The string escaper is the only subtle part: it copies runs
/// of bytes that need no escaping in bulk and escapes `"`, `\` and the control characters
/// U+0000–U+001F (`\n`, `\r`, `\t`, `\b`, `\f`, otherwise `\u00XX`). Everything else, non-ASCII
/// included, is kept as UTF-8, so the output is valid RFC 8259 JSON and as short as possible.
public struct JSONWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends text that is already JSON (punctuation, keys known to need no escaping).
    @inlinable public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `s` as a quoted, escaped JSON string.
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { JSONWriter.appendEscaped($0, to: &bytes) }
    }

    /// Appends UTF-8 bytes as a quoted, escaped JSON string. The bytes must be valid UTF-8.
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        JSONWriter.appendEscaped(utf8, to: &bytes)
    }

    public mutating func int(_ n: Int) {
        // Digits written backwards into a small buffer, then appended: no String per number.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buf in
            var v = n.magnitude
            var k = 20
            repeat {
                k -= 1
                buf[k] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            } while v > 0
            if n < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[k..<20]))
        }
    }

    /// Appends a finite number as printf's `%.<significant>g` writes it (`0.1235`, `1e-05`, `12`).
    public mutating func number(_ v: Double, significant: Int32 = 4) {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buf in
            let n = Int(ponder_format_g(v, significant, buf.baseAddress!, 32))
            buf.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: 32) { p in
                bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: min(max(n, 0), 31)))
            }
        }
    }

    public mutating func bool(_ b: Bool) {
        if b { raw("true") } else { raw("false") }
    }

    public mutating func null() { raw("null") }

    /// `"key":` — the key is escaped like any string.
    public mutating func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Quotes and escapes `src` onto `out`.
    public static func appendEscaped(_ src: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + src.count + 2)
        out.append(UInt8(ascii: "\""))
        guard let base = src.baseAddress else {
            out.append(UInt8(ascii: "\""))
            return
        }
        let n = src.count
        var runStart = 0
        var i = 0
        while i < n {
            let c = base[i]
            if c >= 0x20 && c != 0x22 && c != 0x5C {
                i += 1
                continue
            }
            if runStart < i {
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
            }
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(c >> 4)], hex[Int(c & 0xF)]])
            }
            i += 1
            runStart = i
        }
        if runStart < n {
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: n - runStart))
        }
        out.append(UInt8(ascii: "\""))
    }
}
