/// Why a record failed to parse, and where: `offset` is the byte offset within the record.
public struct JSONError: Error, Sendable, Equatable {
    public var offset: Int
    public var reason: String
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
}

/// A strict RFC 8259 parser that builds a `JSONDocument` tape. Iterative (no recursion), so absurd
/// nesting is an error at `maxDepth`, never a stack overflow. Validates UTF-8 inside strings.
/// One parser per thread: it reuses its node storage between records.
public struct JSONParser {
    public var maxDepth: Int

    private var nodes = ContiguousArray<JSONDocument.Node>()
    private var stack: [Int32] = []

    public init(maxDepth: Int = 512) {
        self.maxDepth = maxDepth
        nodes.reserveCapacity(256)
    }

    /// Parses exactly one JSON value, allowing white space around it. The buffer must outlive the result.
    public mutating func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONDocument {
        nodes.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        guard bytes.count < Int(Int32.max) else {
            throw JSONError(offset: 0, reason: "record larger than 2 GiB")
        }
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
            throw JSONError(offset: 0, reason: "empty input, expected a JSON value")
        }
        let end = bytes.count
        var p = skipWhitespace(base, 0, end)
        if p == end { throw JSONError(offset: p, reason: "empty input, expected a JSON value") }
        p = try parseValues(base, p, end)
        p = skipWhitespace(base, p, end)
        if p != end {
            throw JSONError(offset: p, reason: "unexpected \(describe(base[p])) after the JSON value")
        }
        return JSONDocument(bytes: bytes, nodes: nodes)
    }

    /// `parse(_:)` as a `Result`, convenient inside closures.
    public mutating func parseResult(_ bytes: UnsafeRawBufferPointer) -> Result<JSONDocument, JSONError> {
        do { return .success(try parse(bytes)) } catch { return .failure(error) }
    }

    /// Parses values starting at `p`; returns the offset after the top-level value.
    private mutating func parseValues(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(JSONError) -> Int {
        var p = start
        // Expecting a value at p (after white space).
        while true {
            p = skipWhitespace(b, p, end)
            guard p < end else { throw JSONError(offset: p, reason: "unexpected end of input, expected a value") }
            let c = b[p]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if stack.count >= maxDepth {
                    throw JSONError(offset: p, reason: "nesting deeper than \(maxDepth) levels")
                }
                stack.append(Int32(nodes.count))
                nodes.append(.init(kind: c == UInt8(ascii: "{") ? .object : .array, escaped: false,
                                   start: Int32(p), end: 0, next: 0, count: 0))
                p += 1
                p = skipWhitespace(b, p, end)
                guard p < end else { throw JSONError(offset: p, reason: "unexpected end of input inside a \(c == UInt8(ascii: "{") ? "object" : "array")") }
                if c == UInt8(ascii: "{") {
                    if b[p] == UInt8(ascii: "}") {
                        p += 1
                        closeContainer(p)
                        break
                    }
                    p = try parseKey(b, p, end)
                    continue
                } else {
                    if b[p] == UInt8(ascii: "]") {
                        p += 1
                        closeContainer(p)
                        break
                    }
                    continue
                }
            case UInt8(ascii: "\""):
                p = try parseString(b, p, end)
            case UInt8(ascii: "t"):
                p = try literal(b, p, end, "true", .true)
            case UInt8(ascii: "f"):
                p = try literal(b, p, end, "false", .false)
            case UInt8(ascii: "n"):
                p = try literal(b, p, end, "null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                p = try parseNumber(b, p, end)
            default:
                throw JSONError(offset: p, reason: "unexpected \(describe(c)), expected a value")
            }
            // A value is complete; continue the enclosing containers.
            while true {
                guard let top = stack.last else { return p }
                let ti = Int(top)
                nodes[ti].count += 1
                p = skipWhitespace(b, p, end)
                guard p < end else {
                    throw JSONError(offset: p, reason: "unexpected end of input inside \(nodes[ti].kind == .object ? "an object" : "an array")")
                }
                let d = b[p]
                if nodes[ti].kind == .object {
                    if d == UInt8(ascii: ",") {
                        p = skipWhitespace(b, p + 1, end)
                        p = try parseKey(b, p, end)
                        break
                    } else if d == UInt8(ascii: "}") {
                        p += 1
                        closeContainer(p)
                        continue
                    } else {
                        throw JSONError(offset: p, reason: "unexpected \(describe(d)) in object, expected ',' or '}'")
                    }
                } else {
                    if d == UInt8(ascii: ",") {
                        p += 1
                        break
                    } else if d == UInt8(ascii: "]") {
                        p += 1
                        closeContainer(p)
                        continue
                    } else {
                        throw JSONError(offset: p, reason: "unexpected \(describe(d)) in array, expected ',' or ']'")
                    }
                }
            }
        }
    }

    /// Closes the container on top of the stack; it is itself a completed value of its parent,
    /// which the caller's loop accounts for.
    private mutating func closeContainer(_ p: Int) {
        let ti = Int(stack.removeLast())
        nodes[ti].end = Int32(p)
        nodes[ti].next = Int32(nodes.count)
        // The parent counts this container as a completed value in the caller's completion loop.
    }

    /// Parses `"key" :` and leaves `p` at the value.
    private mutating func parseKey(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(JSONError) -> Int {
        guard start < end else { throw JSONError(offset: start, reason: "unexpected end of input, expected an object key") }
        guard b[start] == UInt8(ascii: "\"") else {
            throw JSONError(offset: start, reason: "unexpected \(describe(b[start])), expected a string key")
        }
        var p = try parseString(b, start, end)
        p = skipWhitespace(b, p, end)
        guard p < end, b[p] == UInt8(ascii: ":") else {
            throw JSONError(offset: p, reason: p < end ? "unexpected \(describe(b[p])), expected ':'" : "unexpected end of input, expected ':'")
        }
        return p + 1
    }

    @inline(__always)
    private func skipWhitespace(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var p = start
        while p < end {
            let c = b[p]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { p += 1 } else { break }
        }
        return p
    }

    private mutating func literal(_ b: UnsafePointer<UInt8>, _ p: Int, _ end: Int, _ word: StaticString, _ kind: JSONDocument.Kind) throws(JSONError) -> Int {
        let n = word.utf8CodeUnitCount
        guard end - p >= n, memcmp(b + p, word.utf8Start, n) == 0 else {
            throw JSONError(offset: p, reason: "invalid literal, expected '\(word)'")
        }
        nodes.append(.init(kind: kind, escaped: false, start: Int32(p), end: Int32(p + n), next: Int32(nodes.count + 1), count: 0))
        return p + n
    }

    private mutating func parseNumber(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(JSONError) -> Int {
        var p = start
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
        if b[p] == UInt8(ascii: "-") { p += 1 }
        guard p < end, isDigit(b[p]) else { throw JSONError(offset: p, reason: "invalid number, expected a digit") }
        if b[p] == UInt8(ascii: "0") {
            p += 1
            if p < end, isDigit(b[p]) { throw JSONError(offset: p, reason: "invalid number, leading zero") }
        } else {
            while p < end, isDigit(b[p]) { p += 1 }
        }
        if p < end, b[p] == UInt8(ascii: ".") {
            p += 1
            guard p < end, isDigit(b[p]) else { throw JSONError(offset: p, reason: "invalid number, expected a digit after '.'") }
            while p < end, isDigit(b[p]) { p += 1 }
        }
        if p < end, b[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            if p < end, b[p] == UInt8(ascii: "+") || b[p] == UInt8(ascii: "-") { p += 1 }
            guard p < end, isDigit(b[p]) else { throw JSONError(offset: p, reason: "invalid number, expected a digit in the exponent") }
            while p < end, isDigit(b[p]) { p += 1 }
        }
        nodes.append(.init(kind: .number, escaped: false, start: Int32(start), end: Int32(p), next: Int32(nodes.count + 1), count: 0))
        return p
    }

    /// Parses a string starting at the opening quote; validates escapes, control characters and UTF-8.
    private mutating func parseString(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(JSONError) -> Int {
        var p = start + 1
        var escaped = false
        let raw = UnsafeRawPointer(b)
        while true {
            // Fast path: 8 bytes at a time while none is a quote, backslash, control or non-ASCII byte.
            while p + 8 <= end {
                let w = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
                let hi: UInt64 = 0x8080_8080_8080_8080
                let ones: UInt64 = 0x0101_0101_0101_0101
                let q = w ^ (ones &* 0x22)
                let s = w ^ (ones &* 0x5C)
                let special = ((q &- ones) & ~q) | ((s &- ones) & ~s) | (w &- ones &* 0x20) | w
                if special & hi != 0 { break }
                p += 8
            }
            guard p < end else { throw JSONError(offset: start, reason: "unterminated string") }
            let c = b[p]
            if c == UInt8(ascii: "\"") {
                nodes.append(.init(kind: .string, escaped: escaped, start: Int32(start + 1), end: Int32(p), next: Int32(nodes.count + 1), count: 0))
                return p + 1
            } else if c == UInt8(ascii: "\\") {
                escaped = true
                guard p + 1 < end else { throw JSONError(offset: p, reason: "unterminated string") }
                switch b[p + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    p += 2
                case UInt8(ascii: "u"):
                    guard p + 6 <= end else { throw JSONError(offset: p, reason: "invalid \\u escape, expected 4 hex digits") }
                    for k in 2..<6 where JSONStringDecoder.hexValue(b[p + k]) == nil {
                        throw JSONError(offset: p + k, reason: "invalid \\u escape, expected 4 hex digits")
                    }
                    p += 6
                default:
                    throw JSONError(offset: p, reason: "invalid escape '\\\(describeRaw(b[p + 1]))' in string")
                }
            } else if c < 0x20 {
                throw JSONError(offset: p, reason: "unescaped control character \(describe(c)) in string")
            } else if c < 0x80 {
                p += 1
            } else {
                let n = UTF8Validation.sequenceLength(b, p, end)
                if n == 0 { throw JSONError(offset: p, reason: "invalid UTF-8 byte 0x\(String(c, radix: 16, uppercase: true)) in string") }
                p += n
            }
        }
    }

    private func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x\(c < 16 ? "0" : "")\(String(c, radix: 16, uppercase: true))"
    }

    private func describeRaw(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return String(Character(Unicode.Scalar(c))) }
        return "x\(String(c, radix: 16, uppercase: true))"
    }
}

/// UTF-8 well-formedness (Unicode Table 3-7): no overlongs, no surrogates, nothing above U+10FFFF.
public enum UTF8Validation {
    /// The length of the well-formed sequence at `p` (1...4), or 0 when it is ill-formed.
    @inline(__always)
    public static func sequenceLength(_ b: UnsafePointer<UInt8>, _ p: Int, _ end: Int) -> Int {
        let c = b[p]
        if c < 0x80 { return 1 }
        @inline(__always) func cont(_ i: Int) -> Bool { i < end && b[i] & 0xC0 == 0x80 }
        switch c {
        case 0xC2...0xDF:
            return cont(p + 1) ? 2 : 0
        case 0xE0:
            return p + 2 < end && (0xA0...0xBF).contains(b[p + 1]) && cont(p + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(p + 1) && cont(p + 2) ? 3 : 0
        case 0xED:
            return p + 2 < end && (0x80...0x9F).contains(b[p + 1]) && cont(p + 2) ? 3 : 0
        case 0xF0:
            return p + 3 < end && (0x90...0xBF).contains(b[p + 1]) && cont(p + 2) && cont(p + 3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(p + 1) && cont(p + 2) && cont(p + 3) ? 4 : 0
        case 0xF4:
            return p + 3 < end && (0x80...0x8F).contains(b[p + 1]) && cont(p + 2) && cont(p + 3) ? 4 : 0
        default:
            return 0
        }
    }
}

/// Decodes the text between a JSON string's quotes (escapes included) into a Swift String.
public enum JSONStringDecoder {
    @inline(__always)
    public static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Decodes validated string content. A lone surrogate escape becomes U+FFFD. Never writes past
    /// its buffer, whatever the input: no escape decodes to more bytes than it takes.
    public static func decode(_ raw: UnsafeRawBufferPointer) -> String {
        let b = raw.bindMemory(to: UInt8.self)
        return String(unsafeUninitializedCapacity: raw.count) { out in
            var o = 0
            var i = 0
            let n = b.count
            func put(_ scalar: UInt32) {
                let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                for u in UTF8.encode(s)! { out[o] = u; o += 1 }
            }
            func hex4(_ at: Int) -> UInt32? {
                guard at + 4 <= n else { return nil }
                var v: UInt32 = 0
                for k in 0..<4 {
                    guard let h = hexValue(b[at + k]) else { return nil }
                    v = v << 4 | h
                }
                return v
            }
            while i < n {
                // Copy up to the next escape in one go (memchr finds it).
                var j = n
                if let base = raw.baseAddress, let hit = memchr(base + i, 0x5C, n - i) {
                    j = UnsafeRawPointer(hit) - base
                }
                if j > i, let src = raw.baseAddress, let dst = out.baseAddress {
                    (dst + o).update(from: src.assumingMemoryBound(to: UInt8.self) + i, count: j - i)
                    o += j - i
                    i = j
                }
                if i == n { break }
                guard i + 1 < n else { break }
                let e = b[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out[o] = 0x0A; o += 1
                case UInt8(ascii: "t"): out[o] = 0x09; o += 1
                case UInt8(ascii: "r"): out[o] = 0x0D; o += 1
                case UInt8(ascii: "b"): out[o] = 0x08; o += 1
                case UInt8(ascii: "f"): out[o] = 0x0C; o += 1
                case UInt8(ascii: "u"):
                    // Not after validation; dropped, so that no escape writes more bytes than it
                    // reads and the output always fits (U+FFFD would take 3 bytes for 2).
                    guard let u = hex4(i) else { continue }
                    i += 4
                    if (0xD800...0xDBFF).contains(u) {
                        if i + 6 <= n, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u"),
                           let l = hex4(i + 2), (0xDC00...0xDFFF).contains(l) {
                            i += 6
                            put(0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00))
                        } else {
                            put(0xFFFD)
                        }
                    } else if (0xDC00...0xDFFF).contains(u) {
                        put(0xFFFD)
                    } else {
                        put(u)
                    }
                default: out[o] = e; o += 1
                }
            }
            return o
        }
    }
}

import Foundation
