/// Splits one model output into reasoning and answer by its think tags or thought markers (GUIDE §2,
/// layouts 2 and 3): `<think>`, `<thinking>`, `<reasoning>`, `<thought>` (any case), Sky-T1's
/// `<|begin_of_thought|>…<|end_of_thought|>` with `<|begin_of_solution|>…<|end_of_solution|>`, and
/// `<Thought>…</Thought><Output>…</Output>`. Works on UTF-8 bytes; tags are never part of the result.
public enum ThinkSplitter {
    public struct Split: Sendable, Equatable {
        public var reasoning: String
        public var answer: String
        /// A think tag or thought marker was present (so the text has a place for reasoning).
        public var found: Bool
        /// The think block was empty or white space only.
        public var emptyThink: Bool
        /// An opening tag or marker had no close: the reasoning is the rest of the text.
        public var unclosedThink: Bool
    }

    struct Pair {
        let open: [UInt8]
        let close: [UInt8]
    }

    /// Opening and closing reasoning tags, compared ASCII-case-insensitively.
    static let reasoningPairs: [Pair] = [
        Pair(open: Array("<think>".utf8), close: Array("</think>".utf8)),
        Pair(open: Array("<thinking>".utf8), close: Array("</thinking>".utf8)),
        Pair(open: Array("<reasoning>".utf8), close: Array("</reasoning>".utf8)),
        Pair(open: Array("<thought>".utf8), close: Array("</thought>".utf8)),
        Pair(open: Array("<|begin_of_thought|>".utf8), close: Array("<|end_of_thought|>".utf8)),
    ]
    /// Wrappers of the answer after the reasoning.
    static let answerPairs: [Pair] = [
        Pair(open: Array("<|begin_of_solution|>".utf8), close: Array("<|end_of_solution|>".utf8)),
        Pair(open: Array("<output>".utf8), close: Array("</output>".utf8)),
    ]

    /// Whether the text holds any opening or closing think tag or thought marker (a cheap test
    /// used on samples during recognition).
    public static func hasTags(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { b in
            for p in reasoningPairs where find(p.open, in: b, from: 0) != nil || find(p.close, in: b, from: 0) != nil {
                return true
            }
            return false
        }
    }

    /// Whether the text holds Sky-T1 / Bespoke-Stratos thought markers.
    public static func hasThoughtMarkers(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { find(reasoningPairs[4].open, in: $0, from: 0) != nil }
    }

    /// Splits `text`. Without any tag, the whole (trimmed) text is the answer and `found` is false.
    /// A closing tag without its opening one (the template opened it) ends the reasoning there,
    /// unless `closeOnly` is false (the reasoning came from elsewhere): then the stray tag is dropped.
    public static func split(_ text: String, closeOnly: Bool = true) -> Split {
        let source = text
        var text = text
        return text.withUTF8 { b -> Split in
            // The earliest opening tag wins; the first closing tag before it serves when there is none.
            let (best, closing) = scan(b)
            var reasoningRange: Range<Int>
            var rest: Int
            var prefix: Range<Int> = 0..<0
            var unclosed = false
            if let (pair, at) = best {
                prefix = 0..<at
                let bodyStart = at + pair.open.count
                if let close = find(pair.close, in: b, from: bodyStart) {
                    reasoningRange = bodyStart..<close
                    rest = close + pair.close.count
                } else {
                    reasoningRange = bodyStart..<b.count
                    rest = b.count
                    unclosed = true
                }
            } else {
                guard let (pair, at) = closing else {
                    return Split(reasoning: "", answer: answerText(b, 0..<b.count, of: source), found: false,
                                 emptyThink: false, unclosedThink: false)
                }
                guard closeOnly else {
                    let before = trimmed(b, 0..<at, of: source)
                    let after = answerText(b, (at + pair.close.count)..<b.count, of: source)
                    let answer = before.isEmpty ? after : after.isEmpty ? before : before + "\n\n" + after
                    return Split(reasoning: "", answer: answer, found: false, emptyThink: false, unclosedThink: false)
                }
                reasoningRange = 0..<at
                rest = at + pair.close.count
            }
            let reasoning = trimmed(b, reasoningRange, of: source)
            var answer = answerText(b, rest..<b.count, of: source)
            let before = trimmed(b, prefix, of: source)
            if !before.isEmpty { answer = answer.isEmpty ? before : before + "\n\n" + answer }
            return Split(reasoning: reasoning, answer: answer, found: true,
                         emptyThink: reasoning.isEmpty, unclosedThink: unclosed)
        }
    }

    /// The answer part: inside a solution or output wrapper when there is one (an unclosed wrapper
    /// runs to the end), else the whole range.
    static func answerText(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, of text: String) -> String {
        for p in answerPairs {
            if let at = find(p.open, in: b, from: r.lowerBound), at < r.upperBound {
                let s = at + p.open.count
                let e = find(p.close, in: b, from: s).map { min($0, r.upperBound) } ?? r.upperBound
                return trimmed(b, s..<e, of: text)
            }
        }
        return trimmed(b, r, of: text)
    }

    /// The text of a byte range of `text` (whose UTF-8 is `b`) without leading and trailing white
    /// space. The range's ends are at tags, ASCII white space or the text's ends, never inside a
    /// character, so the piece is a copy of a slice of `text`: not validated as UTF-8 again
    /// (`String(decoding:)` was, at 0.8 ns a byte).
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, of text: String) -> String {
        var s = r.lowerBound, e = r.upperBound
        while s < e, isSpace(b[s]) { s += 1 }
        while e > s, isSpace(b[e - 1]) { e -= 1 }
        if s == e { return "" }
        let utf8 = text.utf8
        let piece = String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: s)..<utf8.index(utf8.startIndex, offsetBy: e)]))
        // Non-ASCII ends may be Unicode white space (U+3000, NBSP): only then the full trim.
        if b[s] < 0x80 && b[e - 1] < 0x80 { return piece }
        return RecordText.trim(piece)
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 || c == 0x0B || c == 0x0C
    }

    /// One pass over the text (`memchr` from one `<` to the next): the first opening tag, and the
    /// first closing tag met before it.
    static func scan(_ b: UnsafeBufferPointer<UInt8>) -> (open: (pair: Pair, at: Int)?, close: (pair: Pair, at: Int)?) {
        guard let base = b.baseAddress else { return (nil, nil) }
        var close: (pair: Pair, at: Int)? = nil
        var i = 0
        while i < b.count, let hit = memchr(base + i, 0x3C, b.count - i) {
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            for p in reasoningPairs {
                if matches(p.open, b, at) { return ((p, at), close) }
                if close == nil && matches(p.close, b, at) { close = (p, at) }
            }
            i = at + 1
        }
        return (nil, close)
    }

    /// Whether `needle` sits at `at`, comparing ASCII letters without case.
    @inline(__always) static func matches(_ needle: [UInt8], _ hay: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
        let n = needle.count
        guard hay.count - at >= n else { return false }
        var j = 0
        while j < n {
            var c = hay[at + j]
            if c &- 0x41 < 26 { c |= 0x20 }
            var d = needle[j]
            if d &- 0x41 < 26 { d |= 0x20 }
            if c != d { return false }
            j += 1
        }
        return true
    }

    /// The first offset of `needle` (which starts with `<`) in `hay` at or after `from`,
    /// comparing ASCII letters without case.
    static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = hay.baseAddress, let first = needle.first else { return nil }
        var i = from
        while i < hay.count, let hit = memchr(base + i, Int32(first), hay.count - i) {
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            if matches(needle, hay, at) { return at }
            i = at + 1
        }
        return nil
    }
}

import Foundation
