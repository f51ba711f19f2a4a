/// An explicit path to a value inside a record, as given to `--prompt`, `--reasoning`, `--answer`:
/// `conversations[-1].value`, `messages[0].content`, `choices[0].message.reasoning_content`,
/// `["key with space"].text`. Negative indices count from the end (`[-1]` is the last element).
public struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    public enum Step: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    /// Why a path failed to parse; `column` is 1-based, in characters of the path text.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var column: Int
        public var reason: String
        public init(column: Int, reason: String) {
            self.column = column
            self.reason = reason
        }
        public var description: String { "column \(column): \(reason)" }
    }

    /// Parses a path. Bare keys are letters, digits, `_`, `-`, `$`, `@` and any non-ASCII
    /// character; other keys are written quoted in brackets with JSON escapes (`["a b"]`).
    public static func parse(_ text: String) throws(ParseError) -> FieldPath {
        let chars = Array(text)
        var steps: [Step] = []
        var i = 0
        func isBare(_ c: Character) -> Bool {
            if c.isLetter || c.isNumber { return true }
            return c == "_" || c == "-" || c == "$" || c == "@" || !c.isASCII
        }
        if chars.isEmpty { throw ParseError(column: 1, reason: "empty path") }
        var expectKey = true  // at the start, or right after a dot
        while i < chars.count {
            let c = chars[i]
            if c == "[" {
                if expectKey && !steps.isEmpty { throw ParseError(column: i + 1, reason: "expected a key after '.'") }
                let open = i
                i += 1
                guard i < chars.count else { throw ParseError(column: i + 1, reason: "unexpected end after '['") }
                if chars[i] == "\"" {
                    i += 1
                    var key = ""
                    var closed = false
                    while i < chars.count {
                        let d = chars[i]
                        if d == "\"" { closed = true; i += 1; break }
                        if d == "\\" {
                            guard i + 1 < chars.count else { break }
                            let e = chars[i + 1]
                            switch e {
                            case "\"", "\\", "/": key.append(e)
                            case "n": key.append("\n")
                            case "t": key.append("\t")
                            default: throw ParseError(column: i + 2, reason: "unknown escape '\\\(e)'")
                            }
                            i += 2
                            continue
                        }
                        key.append(d)
                        i += 1
                    }
                    guard closed else { throw ParseError(column: open + 2, reason: "unterminated quoted key") }
                    guard i < chars.count, chars[i] == "]" else {
                        throw ParseError(column: i + 1, reason: "expected ']' after the quoted key")
                    }
                    i += 1
                    steps.append(.key(key))
                } else {
                    var digits = ""
                    if chars[i] == "-" { digits.append("-"); i += 1 }
                    while i < chars.count, let _ = chars[i].wholeNumberValue, chars[i].isASCII {
                        digits.append(chars[i]); i += 1
                    }
                    guard digits != "" && digits != "-", let n = Int(digits) else {
                        throw ParseError(column: i + 1, reason: "expected an index or a quoted key after '['")
                    }
                    guard i < chars.count, chars[i] == "]" else {
                        throw ParseError(column: i + 1, reason: "expected ']' after the index")
                    }
                    i += 1
                    steps.append(.index(n))
                }
                expectKey = false
            } else if c == "." {
                if expectKey { throw ParseError(column: i + 1, reason: "expected a key before '.'") }
                i += 1
                expectKey = true
                if i == chars.count { throw ParseError(column: i + 1, reason: "expected a key after '.'") }
            } else if isBare(c) {
                guard expectKey else { throw ParseError(column: i + 1, reason: "expected '.' or '[' before a key") }
                var key = ""
                while i < chars.count, isBare(chars[i]) { key.append(chars[i]); i += 1 }
                steps.append(.key(key))
                expectKey = false
            } else {
                throw ParseError(column: i + 1, reason: "unexpected character '\(c)'")
            }
        }
        return FieldPath(steps: steps)
    }

    /// The node the path leads to from `node` (the record's root by default), or nil when a key is
    /// absent, an index is out of range, or a step meets the wrong kind of value.
    public func resolve(in doc: JSONDocument, from node: Int? = nil) -> Int? {
        var cur = node ?? doc.root
        for step in steps {
            switch step {
            case .key(let k):
                guard let next = doc.member(cur, k) else { return nil }
                cur = next
            case .index(let n):
                guard doc.kind(cur) == .array else { return nil }
                let count = Int(doc.nodes[cur].count)
                let at = n < 0 ? count + n : n
                guard at >= 0, at < count else { return nil }
                var c = cur + 1
                for _ in 0..<at { c = Int(doc.nodes[c].next) }
                cur = c
            }
        }
        return cur
    }

    public var description: String {
        var out = ""
        for step in steps {
            switch step {
            case .key(let k):
                let bare = !k.isEmpty && k.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "$" || $0 == "@" || !$0.isASCII }
                if bare { out += out.isEmpty ? k : "." + k } else {
                    out += "[\"" + k.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
                }
            case .index(let n): out += "[\(n)]"
            }
        }
        return out
    }
}

/// Field paths given on the command line; each one given beats detection for its part.
public struct ExplicitPaths: Sendable, Equatable {
    public var prompt: FieldPath?
    public var reasoning: FieldPath?
    public var answer: FieldPath?
    public init(prompt: FieldPath? = nil, reasoning: FieldPath? = nil, answer: FieldPath? = nil) {
        self.prompt = prompt
        self.reasoning = reasoning
        self.answer = answer
    }
    public var isEmpty: Bool { prompt == nil && reasoning == nil && answer == nil }
}

import Foundation
