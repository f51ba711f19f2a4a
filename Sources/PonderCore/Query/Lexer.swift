/// One token of a filter expression and the column (Unicode scalar offset) where it starts.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case leftParen, rightParen
        case op(ComparisonOp)
        case tilde, notTilde
        /// `/pattern/` with an optional `i` flag; `\/` in the pattern is unescaped to `/`.
        case regex(pattern: String, caseInsensitive: Bool)
        /// A double-quoted string with its JSON escapes decoded.
        case string(String)
        /// A number with its k/m suffix applied.
        case number(Double)
        /// Letters, digits, `_` and `.`, starting with a letter or `_`: keywords, names, fields, percentiles.
        case word(String)
        case end
    }
    var kind: Kind
    var column: Int
}

/// Turns an expression into tokens on demand. Every call consumes at least one scalar or returns
/// `.end`, so lexing is linear in the input and cannot hang.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// The length of the source in scalars: the column of `.end`.
    var endColumn: Int { scalars.count }

    mutating func next() throws(QueryError) -> Token {
        while position < scalars.count, Self.isSpace(scalars[position]) { position += 1 }
        let start = position
        guard position < scalars.count else { return Token(kind: .end, column: start) }
        let c = scalars[position]
        position += 1
        switch c {
        case "(": return Token(kind: .leftParen, column: start)
        case ")": return Token(kind: .rightParen, column: start)
        case "~": return Token(kind: .tilde, column: start)
        case "=":
            if take("=") { return Token(kind: .op(.equal), column: start) }
            throw QueryError(column: start, message: "use == to compare")
        case "!":
            if take("=") { return Token(kind: .op(.notEqual), column: start) }
            if take("~") { return Token(kind: .notTilde, column: start) }
            throw QueryError(column: start, message: "use not to negate, != to compare or !~ to exclude a match")
        case "<": return Token(kind: .op(take("=") ? .lessOrEqual : .less), column: start)
        case ">": return Token(kind: .op(take("=") ? .greaterOrEqual : .greater), column: start)
        case "&":
            throw QueryError(column: start, message: "use and to combine conditions")
        case "|":
            throw QueryError(column: start, message: "use or to combine conditions")
        case "\"": return Token(kind: .string(try string(start: start)), column: start)
        case "/": return try regex(start: start)
        case "-" where position < scalars.count && Self.isDigit(scalars[position]):
            return Token(kind: .number(-(try number(start: start, from: position))), column: start)
        case _ where Self.isDigit(c):
            return Token(kind: .number(try number(start: start, from: start)), column: start)
        case _ where Self.isWordStart(c):
            while position < scalars.count, Self.isWordPart(scalars[position]) { position += 1 }
            var word = ""
            word.unicodeScalars.append(contentsOf: scalars[start..<position])
            return Token(kind: .word(word), column: start)
        default:
            throw QueryError(column: start, message: "unexpected character '\(Self.visible(c))'")
        }
    }

    private mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard position < scalars.count, scalars[position] == c else { return false }
        position += 1
        return true
    }

    /// Digits, an optional fraction, an optional `k` or `m` suffix (either case).
    private mutating func number(start: Int, from: Int) throws(QueryError) -> Double {
        position = from
        while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        if position + 1 < scalars.count, scalars[position] == ".", Self.isDigit(scalars[position + 1]) {
            position += 1
            while position < scalars.count, Self.isDigit(scalars[position]) { position += 1 }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[from..<position])
        guard let value = Double(text) else {
            throw QueryError(column: start, message: "invalid number")
        }
        let suffixStart = position
        while position < scalars.count, Self.isWordPart(scalars[position]) { position += 1 }
        var suffix = ""
        suffix.unicodeScalars.append(contentsOf: scalars[suffixStart..<position])
        switch suffix.lowercased() {
        case "": return value
        case "k": return value * 1_000
        case "m": return value * 1_000_000
        default:
            throw QueryError(column: suffixStart, message: "unknown number suffix '\(suffix)': use k (thousand) or m (million)")
        }
    }

    /// A JSON string body after its opening quote.
    private mutating func string(start: Int) throws(QueryError) -> String {
        var out = String.UnicodeScalarView()
        while position < scalars.count {
            let c = scalars[position]
            position += 1
            if c == "\"" { return String(out) }
            guard c == "\\" else { out.append(c); continue }
            let escapeColumn = position - 1
            guard position < scalars.count else { break }
            let e = scalars[position]
            position += 1
            switch e {
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "/": out.append("/")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                let high = try hex4(escapeColumn: escapeColumn)
                if (0xD800..<0xDC00).contains(high) {
                    guard position + 1 < scalars.count, scalars[position] == "\\", scalars[position + 1] == "u" else {
                        throw QueryError(column: escapeColumn, message: "lone surrogate in \\u escape")
                    }
                    position += 2
                    let low = try hex4(escapeColumn: position - 2)
                    guard (0xDC00..<0xE000).contains(low),
                          let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                        throw QueryError(column: escapeColumn, message: "lone surrogate in \\u escape")
                    }
                    out.append(scalar)
                } else if let scalar = Unicode.Scalar(high) {
                    out.append(scalar)
                } else {
                    throw QueryError(column: escapeColumn, message: "lone surrogate in \\u escape")
                }
            default:
                throw QueryError(column: escapeColumn, message: "invalid escape '\\\(Self.visible(e))' in string")
            }
        }
        throw QueryError(column: start, message: "unterminated string: close it with \"")
    }

    private mutating func hex4(escapeColumn: Int) throws(QueryError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < scalars.count,
                  let digit = Self.hexDigit(scalars[position]) ?? Self.hexLetter(scalars[position]) else {
                throw QueryError(column: escapeColumn, message: "\\u needs four hex digits")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private static func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
        ("0"..."9").contains(c) ? c.value - 0x30 : nil
    }

    private static func hexLetter(_ c: Unicode.Scalar) -> UInt32? {
        if ("a"..."f").contains(c) { return c.value - 0x61 + 10 }
        if ("A"..."F").contains(c) { return c.value - 0x41 + 10 }
        return nil
    }

    /// `/pattern/` then an optional `i`; `\/` stands for `/`, other escapes are kept for the regex engine.
    private mutating func regex(start: Int) throws(QueryError) -> Token {
        var pattern = String.UnicodeScalarView()
        while position < scalars.count {
            let c = scalars[position]
            position += 1
            if c == "/" {
                let flagStart = position
                while position < scalars.count, Self.isWordPart(scalars[position]) { position += 1 }
                var flags = ""
                flags.unicodeScalars.append(contentsOf: scalars[flagStart..<position])
                switch flags {
                case "": return Token(kind: .regex(pattern: String(pattern), caseInsensitive: false), column: start)
                case "i", "I": return Token(kind: .regex(pattern: String(pattern), caseInsensitive: true), column: start)
                default:
                    throw QueryError(column: flagStart, message: "unknown regex flag '\(flags)': only i (ignore case) is supported")
                }
            }
            if c == "\\", position < scalars.count {
                let e = scalars[position]
                position += 1
                if e != "/" { pattern.append("\\") }
                pattern.append(e)
            } else {
                pattern.append(c)
            }
        }
        throw QueryError(column: start, message: "unterminated regex: close it with /")
    }

    /// Any Unicode white space, so that a pasted no-break space separates tokens too.
    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c.properties.isWhitespace
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }

    private static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }

    private static func isWordPart(_ c: Unicode.Scalar) -> Bool {
        isWordStart(c) || isDigit(c) || c == "."
    }

    /// A scalar as an error message may show it: control characters as `U+XXXX`.
    static func visible(_ c: Unicode.Scalar) -> String {
        if c.value < 0x20 || (0x7F..<0xA0).contains(c.value) || c.properties.generalCategory == .format {
            return "U+" + String(c.value, radix: 16, uppercase: true)
        }
        return String(c)
    }
}
