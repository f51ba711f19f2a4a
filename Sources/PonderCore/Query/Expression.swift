/// The filter language's tree (GUIDE §4), as the parser builds it: every leaf knows its field or
/// name and where in the source it came from, so the type checker and the evaluator can point at it.
///
/// `and` and `or` are n-ary (a chain `a and b and c` is one node), so the depth of a tree is bounded
/// by the nesting of parentheses and `not`, which the parser limits.
public indirect enum Expression: Sendable, Equatable, CustomStringConvertible {
    case and([Expression])
    case or([Expression])
    case not(Expression)
    /// A verdict or state on its own: `loop`, `flagged`, `correct`.
    case name(QueryName, column: Int)
    /// `field op value`.
    case comparison(Comparison)
    /// `field ~ /regex/` or `field !~ /regex/`.
    case match(Match)

    /// The fields the expression reads; a caller can tell from it whether text will be decoded
    /// (`prompt`, `reasoning`, `answer`, `gold`) or flags looked up.
    public var fields: Set<Field> {
        switch self {
        case .and(let children), .or(let children):
            return children.reduce(into: []) { $0.formUnion($1.fields) }
        case .not(let child): return child.fields
        case .name: return []
        case .comparison(let c): return [c.field]
        case .match(let m): return [m.field]
        }
    }

    /// The names the expression tests (`loop`, `flagged`...).
    public var names: Set<QueryName> {
        switch self {
        case .and(let children), .or(let children):
            return children.reduce(into: []) { $0.formUnion($1.names) }
        case .not(let child): return child.names
        case .name(let name, _): return [name]
        case .comparison, .match: return []
        }
    }

    /// An S-expression of the tree, for tests and debugging: `(and (> reasoning.chars 1500) (not loop))`.
    public var description: String {
        switch self {
        case .and(let children): return "(and " + children.map(\.description).joined(separator: " ") + ")"
        case .or(let children): return "(or " + children.map(\.description).joined(separator: " ") + ")"
        case .not(let child): return "(not \(child))"
        case .name(let name, _): return name.rawValue
        case .comparison(let c): return "(\(c.op.rawValue) \(c.field.rawValue) \(c.value))"
        case .match(let m):
            return "(\(m.negated ? "!~" : "~") \(m.field.rawValue) /\(m.pattern)/\(m.caseInsensitive ? "i" : ""))"
        }
    }
}

/// `field op value`, with the source columns (0-based Unicode scalar offsets) of its three parts.
public struct Comparison: Sendable, Equatable {
    public var field: Field
    public var op: ComparisonOp
    public var value: Value
    public var fieldColumn: Int
    public var opColumn: Int
    public var valueColumn: Int

    public init(field: Field, op: ComparisonOp, value: Value, fieldColumn: Int = 0, opColumn: Int = 0, valueColumn: Int = 0) {
        self.field = field
        self.op = op
        self.value = value
        self.fieldColumn = fieldColumn
        self.opColumn = opColumn
        self.valueColumn = valueColumn
    }
}

/// `field ~ /pattern/i`. The pattern is ICU syntax (ICU's regex engine) and was checked by the parser.
/// A match is a search: `/abc/` matches any text containing `abc`.
public struct Match: Sendable, Equatable {
    public var field: Field
    public var pattern: String
    public var caseInsensitive: Bool
    /// `!~`: true when the pattern does not match.
    public var negated: Bool
    public var fieldColumn: Int
    public var opColumn: Int
    public var regexColumn: Int

    public init(field: Field, pattern: String, caseInsensitive: Bool = false, negated: Bool = false,
                fieldColumn: Int = 0, opColumn: Int = 0, regexColumn: Int = 0) {
        self.field = field
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        self.negated = negated
        self.fieldColumn = fieldColumn
        self.opColumn = opColumn
        self.regexColumn = regexColumn
    }
}

/// A comparison operator, spelled as in the language.
public enum ComparisonOp: String, Sendable, CaseIterable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// The right-hand side of a comparison.
public enum Value: Sendable, Equatable, CustomStringConvertible {
    /// A number, with its `k` (×1,000) or `m` (×1,000,000) suffix applied.
    case number(Double)
    /// A string, JSON escapes decoded.
    case string(String)
    /// `p99.9` → 99.9: the field's percentile over the loaded traces, 0...100.
    case percentile(Double)

    public var description: String {
        switch self {
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s): return "\"\(s)\""
        case .percentile(let p): return "p" + (p == p.rounded() ? String(Int(p)) : String(p))
        }
    }
}

/// The words that stand alone as conditions. Keywords: matched case-insensitively.
public enum QueryName: String, Sendable, CaseIterable {
    case loop, mixed, inconsistent, truncated, outlier, duplicate, flagged, correct, repetition
    case emptyThink = "empty_think"
    case noReasoning = "no_reasoning"
    case unknownLayout = "unknown_layout"

    /// The verdict bit this name tests, or nil for `flagged` and `correct`, which are not verdicts.
    public var verdict: Verdicts? {
        Verdicts.named.first { $0.name == rawValue }?.verdict
    }
}

/// The columns an expression can compare or match. Field names are case-sensitive.
public enum Field: String, Sendable, CaseIterable {
    case promptChars = "prompt.chars"
    case promptTokens = "prompt.tokens"
    case reasoningChars = "reasoning.chars"
    case reasoningTokens = "reasoning.tokens"
    case answerChars = "answer.chars"
    case answerTokens = "answer.tokens"
    case mix
    case consistency
    case loopPeriod = "loop.period"
    case loopCopies = "loop.copies"
    case loopCoverage = "loop.coverage"
    case lengthZ = "length_z"
    case source, domain, model
    case finishReason = "finish_reason"
    case promptLang = "prompt_lang"
    case flag, note, file, line, generation
    case prompt, reasoning, answer, gold

    public enum Kind: Sendable, Equatable {
        /// Compares with numbers and percentiles: `== != < <= > >=`.
        case numeric
        /// Metadata strings: `== !=` with a string, `~ !~` with a regex.
        case string
        /// Trace text, decoded on demand: only `~ !~`.
        case text
    }

    public var kind: Kind {
        switch self {
        case .promptChars, .promptTokens, .reasoningChars, .reasoningTokens, .answerChars, .answerTokens,
             .mix, .consistency, .loopPeriod, .loopCopies, .loopCoverage, .lengthZ, .line, .generation:
            return .numeric
        case .source, .domain, .model, .finishReason, .promptLang, .flag, .note, .file:
            return .string
        case .prompt, .reasoning, .answer, .gold:
            return .text
        }
    }
}
