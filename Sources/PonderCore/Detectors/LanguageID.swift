import CGuard
import CCLD2
import Glibc

/// Language identification with CLD2 (Compact Language Detector 2), over text cleaned of what is
/// not language: math (`$…$`, `$$…$$`, `\[…\]`, `\(…\)`), LaTeX commands, code blocks and digits are
/// replaced by spaces, so byte offsets into the original UTF-8 stay valid.
public enum LanguageID {
    /// CLD2's answer for one text.
    public struct Result: Sendable {
        /// Up to three languages (ISO 639-1 codes, "zh-Hant" normalised to "zh"), with the percent
        /// of the text's letters bytes each covers; "un" (unknown) languages are left out.
        public var top: [(code: String, percent: Int)]
        /// Per-chunk languages: byte ranges of the UTF-8 text, "un" where CLD2 could not tell.
        public var chunks: [(range: Range<Int>, code: String)]
        /// CLD2 judged the summary reliable.
        public var reliable: Bool
        /// Bytes of letters CLD2 scored.
        public var textBytes: Int
    }

    /// Detects the language of `text`, with per-chunk results.
    public static func detect(_ text: String) -> Result {
        var bytes = Array(text.utf8)
        clean(&bytes)
        return bytes.withUnsafeBufferPointer { detect($0, chunks: true) }
    }

    /// Detects the language of already cleaned UTF-8 bytes; `chunks: false` skips the per-chunk copy.
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>, chunks wantChunks: Bool) -> Result {
        var out = ccld2_result()
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return Result(top: [], chunks: [], reliable: false, textBytes: 0)
        }
        let capacity = wantChunks ? max(16, bytes.count / 64) : 0
        var chunkBuffer = [ccld2_chunk](repeating: ccld2_chunk(), count: capacity)
        let len = Int32(clamping: bytes.count)
        _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { p in
            chunkBuffer.withUnsafeMutableBufferPointer { cb in
                ccld2_detect(p, len, 1, &out, wantChunks ? cb.baseAddress : nil, Int32(capacity))
            }
        }
        var top: [(code: String, percent: Int)] = []
        withUnsafeBytes(of: out.top) { raw in
            let langs = raw.bindMemory(to: ccld2_language.self)
            for l in langs {
                let code = code(of: l.code)
                if code != "un" && l.percent > 0 { top.append((code, Int(l.percent))) }
            }
        }
        var chunks: [(range: Range<Int>, code: String)] = []
        if wantChunks {
            chunks.reserveCapacity(Int(out.chunk_count))
            for c in chunkBuffer.prefix(Int(out.chunk_count)) {
                let lo = Int(c.offset), hi = min(bytes.count, lo + Int(c.bytes))
                if lo < hi { chunks.append((lo..<hi, code(of: c.code))) }
            }
        }
        return Result(top: top, chunks: chunks, reliable: out.reliable != 0, textBytes: Int(out.text_bytes))
    }

    /// CLD2's best guess for one short text (a sentence), or nil when it has none.
    public static func guessShort(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        var out = ccld2_result()
        _ = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { ccld2_detect_short($0, Int32(clamping: bytes.count), &out) }
        let c = code(of: out.top.0.code)
        return c == "un" ? nil : c
    }

    /// CLD2's `char[8]` code as Ponder's language code: up to the first `-` ("zh-Hant" and "zh"
    /// are one language for consistency, and so are regional variants), "un" when empty. Not
    /// generic, and the common codes are literals: this runs for every chunk of every trace.
    private static func code(of tuple: (CChar, CChar, CChar, CChar, CChar, CChar, CChar, CChar)) -> String {
        var packed: UInt64 = 0
        withUnsafeBytes(of: tuple) { packed = $0.loadUnaligned(as: UInt64.self) }
        var length = 0
        while length < 8 {
            let c = UInt8(truncatingIfNeeded: packed >> UInt64(8 * length))
            if c == 0 || c == UInt8(ascii: "-") { break }
            length += 1
        }
        let code = length == 8 ? packed : packed & ((1 << UInt64(8 * length)) - 1)
        switch code {
        case 0, 0x6E75: return "un"      // "", "un"
        case 0x6E65: return "en"
        case 0x687A: return "zh"
        default:
            return withUnsafeBytes(of: code) { String(decoding: $0.prefix(length), as: UTF8.self) }
        }
    }

    /// Replaces, in place, math, LaTeX commands, fenced and inline code, and digits by spaces.
    public static func clean(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBufferPointer { clean($0) }
    }

    /// Bytes that start something `clean` blanks: a backtick, `$`, `\\`, `<`, a digit.
    static let special: [Bool] = (0..<256).map { c in
        c == 0x60 || c == 0x24 || c == 0x5C || c == 0x3C || (c >= 0x30 && c <= 0x39)
    }

    /// `blocks: false` reads byte by byte throughout (tests hold the two ways to one result).
    static func clean(_ b: UnsafeMutableBufferPointer<UInt8>, blocks: Bool = true) {
        let n = b.count
        func blank(_ lo: Int, _ hi: Int) {
            var k = lo
            while k < min(hi, n) { b[k] = 0x20; k += 1 }
        }
        /// Index of the first occurrence of `pat` (1 to 3 bytes) at or after `from`, within `limit`
        /// bytes; memchr finds the first byte's candidates.
        func find(_ pat: (UInt8, UInt8, UInt8), count: Int, from: Int, limit: Int) -> Int? {
            guard let base = b.baseAddress else { return nil }
            let end = min(n, from + limit)
            var k = from
            while k + count <= end {
                guard let hit = memchr(base + k, Int32(pat.0), end - k - count + 1) else { return nil }
                k = UnsafeMutableRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                if count == 1 || (b[k + 1] == pat.1 && (count == 2 || b[k + 2] == pat.2)) { return k }
                k += 1
            }
            return nil
        }
        let special = Self.special
        var i = 0
        // Ordinary bytes are skipped by the byte-class masks of 64-byte blocks: `pending` holds the
        // special bytes of the block at `blockStart`, and stays true ahead of i (blanking only
        // writes behind it). Near the end, byte by byte.
        var blockStart = -64
        var pending: UInt64 = 0
        while i < n {
            if blocks && i + 64 <= n {
                if i >= blockStart + 64 {
                    blockStart = i
                    let m = ponder_markup_classes(b.baseAddress! + i)
                    pending = m.digits | m.math_marks | m.less_than
                }
                let ahead = pending & (~0 << UInt64(i - blockStart))
                if ahead == 0 { i = blockStart + 64; continue }
                i = blockStart + ahead.trailingZeroBitCount
            } else if !special[Int(b[i])] {
                i += 1
                continue
            }
            let c = b[i]
            switch c {
            case UInt8(ascii: "`"):
                if i + 2 < n && b[i + 1] == c && b[i + 2] == c {
                    let close = find((c, c, c), count: 3, from: i + 3, limit: 1 << 20)
                    let end = close.map { $0 + 3 } ?? n
                    blank(i, end); i = end
                } else if let close = find((c, 0, 0), count: 1, from: i + 1, limit: 200) {
                    blank(i, close + 1); i = close + 1
                } else { b[i] = 0x20; i += 1 }
            case UInt8(ascii: "$"):
                let double = i + 1 < n && b[i + 1] == c
                let count = double ? 2 : 1
                if let close = find((c, c, 0), count: count, from: i + count, limit: double ? 8000 : 800) {
                    blank(i, close + count); i = close + count
                } else { b[i] = 0x20; i += 1 }
            case UInt8(ascii: "\\"):
                if i + 1 < n && (b[i + 1] == UInt8(ascii: "[") || b[i + 1] == UInt8(ascii: "(")) {
                    let closer = (c, b[i + 1] == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ")"), UInt8(0))
                    if let close = find(closer, count: 2, from: i + 2, limit: 8000) {
                        blank(i, close + 2); i = close + 2
                        continue
                    }
                }
                // A command: the backslash and its letters.
                var j = i + 1
                while j < n && ((b[j] | 0x20) >= UInt8(ascii: "a") && (b[j] | 0x20) <= UInt8(ascii: "z")) { j += 1 }
                blank(i, max(j, i + 1)); i = max(j, i + 1)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                b[i] = 0x20; i += 1
            case UInt8(ascii: "<"):
                // An HTML or XML tag (`<br/>`, `</think>`, `<td align="c">`): markup, not words.
                // `a < b` and `x<y` are left alone: the tag name starts right after `<` or `</`.
                var j = i + 1
                if j < n && b[j] == UInt8(ascii: "/") { j += 1 }
                var k = j
                while k < n && ((b[k] | 0x20) >= UInt8(ascii: "a") && (b[k] | 0x20) <= UInt8(ascii: "z")) { k += 1 }
                let named = k > j && k < n && (b[k] == UInt8(ascii: ">") || b[k] == UInt8(ascii: "/") || b[k] == 0x20)
                if named, let close = find((UInt8(ascii: ">"), 0, 0), count: 1, from: k, limit: 200),
                   !(k..<close).contains(where: { b[$0] == UInt8(ascii: "<") || b[$0] == 0x0A }) {
                    blank(i, close + 1); i = close + 1
                } else { i += 1 }
            default:
                i += 1
            }
        }
    }
}
