/// Recursive descent over the grammar of GUIDE §4:
///
///     expr       = or_expr
///     or_expr    = and_expr { "or" and_expr }
///     and_expr   = not_expr { "and" not_expr }
///     not_expr   = "not" not_expr | primary
///     primary    = "(" expr ")" | comparison | match | name
///     comparison = field op value
///     match      = field ("~" | "!~") regex
///
/// Recursion happens only through `(` and `not`, and their nesting is limited to `maxDepth`, so no
/// input can exhaust the stack; every step consumes a token, so none can hang. The first error stops
/// the parse. Types (a number compared with a string...) are checked afterwards by `TypeChecker`.
public struct ExpressionParser {
    /// The deepest nesting of parentheses and `not` accepted.
    public static let maxDepth = 256

    private var lexer: Lexer
    private var current: Token
    private var depth = 0

    /// Parses `source` into a tree, or throws the first syntax error with its column.
    public static func parse(_ source: String) throws(QueryError) -> Expression {
        var parser = try ExpressionParser(source)
        if case .end = parser.current.kind {
            throw QueryError(column: 0, message: "empty expression")
        }
        let expression = try parser.parseOr()
        switch parser.current.kind {
        case .end: return expression
        case .rightParen: throw QueryError(column: parser.current.column, message: "unmatched )")
        default:
            throw QueryError(column: parser.current.column,
                             message: "expected and or or before \(Self.describe(parser.current))")
        }
    }

    private init(_ source: String) throws(QueryError) {
        lexer = Lexer(source)
        current = try lexer.next()
    }

    private mutating func advance() throws(QueryError) {
        current = try lexer.next()
    }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let w) = current.kind { return w.lowercased() == keyword }
        return false
    }

    private mutating func parseOr() throws(QueryError) -> Expression {
        var children = [try parseAnd()]
        while isKeyword("or") {
            try advance()
            children.append(try parseAnd())
        }
        return children.count == 1 ? children[0] : .or(children)
    }

    private mutating func parseAnd() throws(QueryError) -> Expression {
        var children = [try parseNot()]
        while isKeyword("and") {
            try advance()
            children.append(try parseNot())
        }
        return children.count == 1 ? children[0] : .and(children)
    }

    /// `not not x` is read in a loop, not by recursion; each `not` still counts towards the depth.
    private mutating func parseNot() throws(QueryError) -> Expression {
        var nots = 0
        while isKeyword("not") {
            if depth + nots >= Self.maxDepth { throw tooDeep() }
            nots += 1
            try advance()
        }
        depth += nots
        var expression = try parsePrimary()
        depth -= nots
        for _ in 0..<nots { expression = .not(expression) }
        return expression
    }

    private func tooDeep() -> QueryError {
        QueryError(column: current.column, message: "expression nested too deeply (more than \(Self.maxDepth) levels)")
    }

    private mutating func parsePrimary() throws(QueryError) -> Expression {
        let token = current
        switch token.kind {
        case .leftParen:
            if depth >= Self.maxDepth { throw tooDeep() }
            depth += 1
            try advance()
            let inner = try parseOr()
            switch current.kind {
            case .rightParen: break
            case .end: throw QueryError(column: token.column, message: "( is never closed")
            default:
                throw QueryError(column: current.column,
                                 message: "expected and, or or ) before \(Self.describe(current))")
            }
            depth -= 1
            try advance()
            return inner
        case .word(let word):
            let lower = word.lowercased()
            if lower == "and" || lower == "or" {
                throw QueryError(column: token.column, message: "expected a condition before \(lower)")
            }
            if let name = QueryName(rawValue: lower) {
                try advance()
                switch current.kind {
                case .op, .tilde, .notTilde:
                    let fields = Field.allCases.map(\.rawValue).filter { $0.hasPrefix(lower + ".") }
                    let hint = fields.isEmpty ? "" : " (fields: \(fields.joined(separator: ", ")))"
                    throw QueryError(column: current.column,
                                     message: "\(lower) is a condition on its own, not a field\(hint)")
                default:
                    return .name(name, column: token.column)
                }
            }
            guard let field = Field(rawValue: word) else {
                throw QueryError(column: token.column, message: Self.unknownField(word))
            }
            try advance()
            return try parseFieldTail(field, fieldColumn: token.column)
        case .end:
            throw QueryError(column: token.column, message: "expected a condition at the end")
        default:
            throw QueryError(column: token.column,
                             message: "expected a condition (a name like loop, or a field comparison) before \(Self.describe(token))")
        }
    }

    private mutating func parseFieldTail(_ field: Field, fieldColumn: Int) throws(QueryError) -> Expression {
        let opToken = current
        switch opToken.kind {
        case .op(let op):
            try advance()
            let valueColumn = current.column
            let value = try parseValue()
            return .comparison(Comparison(field: field, op: op, value: value,
                                          fieldColumn: fieldColumn, opColumn: opToken.column, valueColumn: valueColumn))
        case .tilde, .notTilde:
            try advance()
            guard case .regex(let pattern, let caseInsensitive) = current.kind else {
                throw QueryError(column: current.column,
                                 message: "expected a /regex/ after \(opToken.kind == .tilde ? "~" : "!~")")
            }
            let regexColumn = current.column
            do {
                _ = try TextPattern(pattern, caseInsensitive: caseInsensitive)
            } catch {
                throw QueryError(column: regexColumn, message: "invalid regex /\(pattern)/: \(error.reason)")
            }
            try advance()
            return .match(Match(field: field, pattern: pattern, caseInsensitive: caseInsensitive,
                                negated: opToken.kind == .notTilde,
                                fieldColumn: fieldColumn, opColumn: opToken.column, regexColumn: regexColumn))
        default:
            throw QueryError(column: opToken.column,
                             message: "expected an operator (== != < <= > >= ~ !~) after \(field.rawValue)")
        }
    }

    private mutating func parseValue() throws(QueryError) -> Value {
        let token = current
        switch token.kind {
        case .number(let n):
            try advance()
            return .number(n)
        case .string(let s):
            try advance()
            return .string(s)
        case .word(let word):
            guard let p = Self.percentile(word) else {
                throw QueryError(column: token.column,
                                 message: "expected a number, a \"string\" or a percentile like p99 (strings are double-quoted: \"\(word)\")")
            }
            guard p <= 100 else {
                throw QueryError(column: token.column, message: "a percentile is between p0 and p100")
            }
            try advance()
            return .percentile(p)
        default:
            throw QueryError(column: token.column,
                             message: "expected a number, a \"string\" or a percentile like p99 before \(Self.describe(token))")
        }
    }

    /// `p99` → 99, `p99.9` → 99.9 (either case of p), else nil.
    static func percentile(_ word: String) -> Double? {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, scalars[0] == "p" || scalars[0] == "P" else { return nil }
        var sawDot = false
        var digitsAfterDot = 0
        for (i, c) in scalars.enumerated().dropFirst() {
            if c == "." {
                guard !sawDot, i > 1 else { return nil }
                sawDot = true
            } else if ("0"..."9").contains(c) {
                if sawDot { digitsAfterDot += 1 }
            } else {
                return nil
            }
        }
        if sawDot && digitsAfterDot == 0 { return nil }
        return Double(String(word.dropFirst()))
    }

    static func unknownField(_ word: String) -> String {
        if let field = Field.allCases.first(where: { $0.rawValue.lowercased() == word.lowercased() }) {
            return "unknown field '\(word)': field names are case-sensitive, did you mean '\(field.rawValue)'?"
        }
        let candidates = Field.allCases.map(\.rawValue) + QueryName.allCases.map(\.rawValue)
        let lower = Array(word.lowercased().unicodeScalars.prefix(64))
        var best = candidates[0]
        var bestDistance = Int.max
        for candidate in candidates {
            let d = editDistance(lower, Array(candidate.unicodeScalars))
            if d < bestDistance { best = candidate; bestDistance = d }
        }
        return "unknown field '\(word)': did you mean '\(best)'?"
    }

    /// Levenshtein distance over scalars (also the command line's "did you mean").
    public static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var row = previous
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &row)
        }
        return previous[b.count]
    }

    private static func describe(_ token: Token) -> String {
        switch token.kind {
        case .leftParen: return "("
        case .rightParen: return ")"
        case .op(let op): return op.rawValue
        case .tilde: return "~"
        case .notTilde: return "!~"
        case .regex(let pattern, let ci): return "/\(pattern)/\(ci ? "i" : "")"
        case .string(let s): return "\"\(s)\""
        case .number(let n): return Value.number(n).description
        case .word(let w): return "'\(w)'"
        case .end: return "the end"
        }
    }
}
