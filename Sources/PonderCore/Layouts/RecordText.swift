/// Small readers of text out of a record, shared by the layouts.
enum RecordText {
    /// A string node's text, or a number's or boolean's source text; nil for null, containers, absence.
    static func scalar(_ doc: JSONDocument, _ i: Int?) -> String? {
        guard let i else { return nil }
        switch doc.kind(i) {
        case .string, .number, .true, .false: return doc.string(i)
        default: return nil
        }
    }

    /// Trimmed text of a node: a string; a list of strings joined by blank lines; a message list's
    /// last user turn; an object's `content`/`text`/`value`. Empty when there is none.
    static func text(_ doc: JSONDocument, _ i: Int?) -> String {
        guard let i else { return "" }
        switch doc.kind(i) {
        case .string: return trim(doc.string(i))
        case .number, .true, .false: return doc.string(i)
        case .array:
            let els = doc.elements(i)
            if let first = els.first, doc.kind(first) == .object, Conversation.role(doc, first) != nil {
                let conv = Conversation.read(doc, i)
                return conv.prompt.isEmpty ? conv.answer : conv.prompt
            }
            return els.map { text(doc, $0) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        case .object:
            for k in ["content", "text", "value", "thinking", "reasoning"] {
                if let v = doc.member(i, k) { return text(doc, v) }
            }
            return ""
        case .null: return ""
        }
    }

    /// `s` without the white space and newlines at either end: the scalars of Foundation's
    /// `CharacterSet.whitespacesAndNewlines` (U+0009...U+000D, U+0020, U+0085, U+00A0, U+1680,
    /// U+2000...U+200B, U+2028, U+2029, U+202F, U+205F, U+3000; the zero width space U+200B is
    /// in Foundation's set), found on the UTF-8 bytes. Foundation's `trimmingCharacters` walks
    /// UTF-16 and took 3% of a scan; `RecordTextTests` holds the two to the same results.
    static func trim(_ s: String) -> String {
        let utf8 = s.utf8
        let count = utf8.count
        let range: (Int, Int)? = utf8.withContiguousStorageIfAvailable { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            var lo = 0
            while lo < count {
                let k = spaceLength(bytes, at: lo)
                if k == 0 { break }
                lo += k
            }
            var hi = count
            while hi > lo {
                var start = hi - 1
                while start > lo, bytes[start] & 0xC0 == 0x80 { start -= 1 }
                if spaceLength(bytes, at: start) != hi - start { break }
                hi = start
            }
            return (lo, hi)
        }
        guard let (lo, hi) = range else { return s.trimmingCharacters(in: .whitespacesAndNewlines) }
        if lo == 0 && hi == count { return s }
        return String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: lo)..<utf8.index(utf8.startIndex, offsetBy: hi)]))
    }

    /// Bytes of the `whitespacesAndNewlines` scalar starting at `i`, 0 when there is none.
    @inline(__always)
    static func spaceLength(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return b == 0x20 || (b >= 0x09 && b <= 0x0D) ? 1 : 0 }
        let n = bytes.count
        if b == 0xC2, i + 1 < n { return bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0 ? 2 : 0 }
        guard i + 2 < n else { return 0 }
        let c = bytes[i + 1]
        let d = bytes[i + 2]
        switch b {
        case 0xE1: return c == 0x9A && d == 0x80 ? 3 : 0                                   // U+1680
        case 0xE2:
            if c == 0x80 && (d <= 0x8B || d == 0xA8 || d == 0xA9 || d == 0xAF) { return 3 }  // U+2000...U+200B, U+2028, U+2029, U+202F
            return c == 0x81 && d == 0x9F ? 3 : 0                                          // U+205F
        case 0xE3: return c == 0x80 && d == 0x80 ? 3 : 0                                   // U+3000
        default: return 0
        }
    }

    /// The object reached by following `path` (keys only) from the root, or nil.
    static func follow(_ doc: JSONDocument, _ path: [String], from start: Int? = nil) -> Int? {
        var cur = start ?? doc.root
        for k in path {
            guard let n = doc.member(cur, k) else { return nil }
            cur = n
        }
        return cur
    }

    /// The keys of an object node, comma-separated, for problem messages.
    static func keyList(_ doc: JSONDocument, _ i: Int) -> String {
        if doc.kind(i) != .object { return "(not an object: \(doc.kind(i)))" }
        let keys = doc.members(i).map { doc.string($0.key) }
        return keys.isEmpty ? "(none)" : keys.joined(separator: ", ")
    }
}

import Foundation
