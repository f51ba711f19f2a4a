/// Evaluates a filter tree over all traces of a `FilterContext`.
///
/// The tree is compiled once into a plan: each leaf becomes a loop over one column (percentiles,
/// string ids and regexes resolved up front), and the children of `and`/`or` are ordered cheapest
/// first. An `and` evaluates each child only on the rows still true, an `or` only on the rows still
/// false, so a text regex after `reasoning.tokens > p99` decodes the text of the top 1% alone.
public enum Evaluator {
    /// One Bool per trace (`ctx.columns.count`). Fields the context did not measure evaluate to false;
    /// call `TypeChecker.check` first to report them instead.
    public static func evaluate(_ expression: Expression, in ctx: FilterContext) -> [Bool] {
        Plan.compile(expression, in: ctx, budget: RegexBudget()).evaluate(count: ctx.columns.count)
    }
}

/// The rows a plan node is asked about.
enum Rows {
    case all(Int)
    case indices([Int])

    var isEmpty: Bool {
        switch self {
        case .all(let n): return n == 0
        case .indices(let ix): return ix.isEmpty
        }
    }

    /// Calls `f` for each row and stores its answer in `out`.
    @inline(__always)
    func fill(_ out: inout [Bool], _ f: (Int) -> Bool) {
        switch self {
        case .all(let n):
            out.withUnsafeMutableBufferPointer { p in
                for i in 0..<n { p[i] = f(i) }
            }
        case .indices(let ix):
            out.withUnsafeMutableBufferPointer { p in
                for i in ix { p[i] = f(i) }
            }
        }
    }

    /// The rows among these where `out` equals `value`.
    func keeping(_ out: [Bool], equalTo value: Bool) -> Rows {
        var kept: [Int] = []
        switch self {
        case .all(let n):
            for i in 0..<n where out[i] == value { kept.append(i) }
        case .indices(let ix):
            for i in ix where out[i] == value { kept.append(i) }
        }
        return .indices(kept)
    }
}

/// A condition on one row, and a loop form of it for many rows.
struct Leaf: Sendable {
    /// Relative cost per row: 1 for a column read, 10 for a flag lookup, 1000 for decoding text.
    var cost: Int
    var test: @Sendable (Int) -> Bool
    var run: @Sendable (Rows, inout [Bool]) -> Void

    init(cost: Int, test: @escaping @Sendable (Int) -> Bool,
         run: (@Sendable (Rows, inout [Bool]) -> Void)? = nil) {
        self.cost = cost
        self.test = test
        self.run = run ?? { rows, out in rows.fill(&out, test) }
    }

    static func constant(_ value: Bool) -> Leaf {
        Leaf(cost: 0, test: { _ in value })
    }
}

indirect enum Plan: Sendable {
    case leaf(Leaf)
    case and([Plan])
    case or([Plan])
    case not(Plan)

    var cost: Int {
        switch self {
        case .leaf(let leaf): return leaf.cost
        case .and(let children), .or(let children): return children.reduce(0) { $0 &+ $1.cost }
        case .not(let child): return child.cost
        }
    }

    static func compile(_ expression: Expression, in ctx: FilterContext, budget: RegexBudget) -> Plan {
        var compiler = PlanCompiler(ctx: ctx, budget: budget)
        return compiler.plan(expression)
    }

    func evaluate(count: Int) -> [Bool] {
        var out = [Bool](repeating: false, count: count)
        run(.all(count), &out)
        return out
    }

    /// Writes the answer of every row in `rows` into `out`; leaves other rows alone.
    func run(_ rows: Rows, _ out: inout [Bool]) {
        if rows.isEmpty { return }
        switch self {
        case .leaf(let leaf):
            leaf.run(rows, &out)
        case .not(let child):
            child.run(rows, &out)
            switch rows {
            case .all(let n): for i in 0..<n { out[i].toggle() }
            case .indices(let ix): for i in ix { out[i].toggle() }
            }
        case .and(let children), .or(let children):
            // A row dropped after a child keeps that child's deciding answer in `out`.
            let decided = { if case .and = self { return false } else { return true } }()
            var remaining = rows
            for (k, child) in children.enumerated() {
                child.run(remaining, &out)
                if k == children.count - 1 { break }
                remaining = remaining.keeping(out, equalTo: !decided)
                if remaining.isEmpty { break }
            }
        }
    }

    /// The answer for one row.
    func test(_ row: Int) -> Bool {
        switch self {
        case .leaf(let leaf): return leaf.test(row)
        case .not(let child): return !child.test(row)
        case .and(let children): return children.allSatisfy { $0.test(row) }
        case .or(let children): return children.contains { $0.test(row) }
        }
    }
}

/// Numbers the evaluator reads from columns.
protocol NumericCell: Sendable {
    var asDouble: Double { get }
    /// A threshold as this column stores it (a Float column compares with the Float nearest to 0.1).
    static func stored(_ value: Double) -> Double
}

extension Int32: NumericCell {
    var asDouble: Double { Double(self) }
    static func stored(_ value: Double) -> Double { value }
}

extension UInt16: NumericCell {
    var asDouble: Double { Double(self) }
    static func stored(_ value: Double) -> Double { value }
}

extension Float: NumericCell {
    var asDouble: Double { Double(self) }
    static func stored(_ value: Double) -> Double { Double(Float(value)) }
}

/// Builds a plan, computing each (field, percentile) once.
struct PlanCompiler {
    let ctx: FilterContext
    /// Shared by the plan's regexes (`TextPattern`).
    let budget: RegexBudget
    private var sortedColumns: [Field: [Double]] = [:]

    init(ctx: FilterContext, budget: RegexBudget) {
        self.ctx = ctx
        self.budget = budget
    }

    mutating func plan(_ expression: Expression) -> Plan {
        switch expression {
        case .and(let children):
            return .and(children.map { plan($0) }.sortedByCost())
        case .or(let children):
            return .or(children.map { plan($0) }.sortedByCost())
        case .not(let child):
            return .not(plan(child))
        case .name(let name, _):
            return .leaf(nameLeaf(name))
        case .comparison(let c):
            switch c.field.kind {
            case .numeric: return .leaf(numericLeaf(c))
            case .string:
                guard case .string(let s) = c.value else { return .leaf(.constant(false)) }
                let leaf = stringLeaf(c.field, .equal(s))
                return .leaf(c.op == .notEqual ? leaf.negated() : c.op == .equal ? leaf : .constant(false))
            case .text:
                return .leaf(.constant(false))
            }
        case .match(let m):
            guard let pattern = try? TextPattern(m.pattern, caseInsensitive: m.caseInsensitive, budget: budget) else {
                return .leaf(.constant(false))
            }
            let leaf: Leaf
            switch m.field.kind {
            case .numeric: return .leaf(.constant(false))
            case .string: leaf = stringLeaf(m.field, .pattern(pattern))
            case .text: leaf = textLeaf(m.field, pattern)
            }
            return .leaf(m.negated ? leaf.negated() : leaf)
        }
    }

    private func nameLeaf(_ name: QueryName) -> Leaf {
        let columns = ctx.columns
        let n = columns.count
        switch name {
        case .flagged:
            let flags = ctx.flags
            return Leaf(cost: 10, test: { flags($0) != nil })
        case .correct:
            let correct = columns.correct
            guard correct.count == n else { return .constant(false) }
            return Leaf(cost: 1, test: { correct[$0] == 1 })
        default:
            guard let verdict = name.verdict, columns.verdicts.count == n else { return .constant(false) }
            let verdicts = columns.verdicts
            return Leaf(cost: 1, test: { verdicts[$0].contains(verdict) })
        }
    }

    private mutating func numericLeaf(_ c: Comparison) -> Leaf {
        let columns = ctx.columns
        switch c.field {
        case .promptChars: return numericLeaf(c, columns.promptChars)
        case .promptTokens: return numericLeaf(c, columns.promptTokens)
        case .reasoningChars: return numericLeaf(c, columns.reasoningChars)
        case .reasoningTokens: return numericLeaf(c, columns.reasoningTokens)
        case .answerChars: return numericLeaf(c, columns.answerChars)
        case .answerTokens: return numericLeaf(c, columns.answerTokens)
        case .mix: return numericLeaf(c, columns.mix)
        case .consistency:
            guard let consistency = ctx.consistency else { return .constant(false) }
            return numericLeaf(c, consistency)
        case .loopPeriod: return numericLeaf(c, columns.loopPeriod)
        case .loopCopies: return numericLeaf(c, columns.loopCopies)
        case .loopCoverage: return numericLeaf(c, columns.loopCoverage)
        case .lengthZ: return numericLeaf(c, columns.lengthZ)
        case .line: return numericLeaf(c, columns.line)
        case .generation: return numericLeaf(c, columns.generation)
        default: return .constant(false)
        }
    }

    private mutating func numericLeaf<C: NumericCell>(_ c: Comparison, _ column: [C]) -> Leaf {
        guard column.count == ctx.columns.count else { return .constant(false) }
        let t: Double
        switch c.value {
        case .number(let n): t = C.stored(n)
        case .percentile(let p): t = percentile(p, of: c.field, column)
        case .string: return .constant(false)
        }
        // A missing value (NaN) satisfies no comparison, `!=` included.
        let test: @Sendable (Int) -> Bool
        switch c.op {
        case .equal: test = { column[$0].asDouble == t }
        case .notEqual: test = { let v = column[$0].asDouble; return v != t && v == v }
        case .less: test = { column[$0].asDouble < t }
        case .lessOrEqual: test = { column[$0].asDouble <= t }
        case .greater: test = { column[$0].asDouble > t }
        case .greaterOrEqual: test = { column[$0].asDouble >= t }
        }
        let op = c.op
        return Leaf(cost: 1, test: test, run: { rows, out in
            column.withUnsafeBufferPointer { col in
                switch op {
                case .equal: rows.fill(&out) { col[$0].asDouble == t }
                case .notEqual: rows.fill(&out) { let v = col[$0].asDouble; return v != t && v == v }
                case .less: rows.fill(&out) { col[$0].asDouble < t }
                case .lessOrEqual: rows.fill(&out) { col[$0].asDouble <= t }
                case .greater: rows.fill(&out) { col[$0].asDouble > t }
                case .greaterOrEqual: rows.fill(&out) { col[$0].asDouble >= t }
                }
            }
        })
    }

    /// The context's own figure when it has one; else the nearest-rank percentile (`Percentile.at`,
    /// the one `ponder stats` prints) over the values present (NaN left out); NaN when there are
    /// none, so that no comparison holds.
    private mutating func percentile<C: NumericCell>(_ p: Double, of field: Field, _ column: [C]) -> Double {
        if let known = ctx.percentile?(field, p) { return known }
        let sorted: [Double]
        if let cached = sortedColumns[field] {
            sorted = cached
        } else {
            sorted = column.lazy.map(\.asDouble).filter { !$0.isNaN }.sorted()
            sortedColumns[field] = sorted
        }
        guard !sorted.isEmpty else { return .nan }
        return Percentile.at(sorted, max(0, min(100, p)))
    }

    /// `test` applied to a string field; a trace without the value never matches.
    private func stringLeaf(_ field: Field, _ test: StringTest) -> Leaf {
        let n = ctx.columns.count
        let ids: [Int32]?
        switch field {
        case .source: ids = ctx.columns.source
        case .domain: ids = ctx.columns.domain
        case .model: ids = ctx.columns.model
        case .finishReason: ids = ctx.columns.finishReason
        case .promptLang: ids = ctx.promptLang
        default: ids = nil
        }
        if let ids {
            guard ids.count == n else { return .constant(false) }
            let table = ctx.strings.strings.map(test.matches)
            return Leaf(cost: 1, test: { let id = Int(ids[$0]); return id >= 0 && id < table.count && table[id] })
        }
        switch field {
        case .file:
            let files = ctx.columns.file
            guard files.count == n else { return .constant(false) }
            let table = ctx.fileNames.map { path in
                let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
                return test.matches(path) || test.matches(base)
            }
            return Leaf(cost: 1, test: { let f = Int(files[$0]); return f < table.count && table[f] })
        case .flag:
            let flags = ctx.flags
            return Leaf(cost: 10, test: { flags($0)?.labels.contains(where: test.matches) ?? false })
        case .note:
            let flags = ctx.flags
            return Leaf(cost: 10, test: { flags($0)?.note.map(test.matches) ?? false })
        default:
            return .constant(false)
        }
    }

    private func textLeaf(_ field: Field, _ pattern: TextPattern) -> Leaf {
        let text = ctx.text
        return Leaf(cost: 1000, test: { row in
            guard let trace = text(row) else { return false }
            switch field {
            case .prompt: return pattern.matches(trace.prompt)
            case .reasoning: return pattern.matches(trace.reasoning)
            case .answer: return pattern.matches(trace.answer)
            case .gold: return trace.gold.map(pattern.matches) ?? false
            default: return false
            }
        })
    }
}

/// How a string field is tested: equality or a regex search.
enum StringTest: Sendable {
    case equal(String)
    case pattern(TextPattern)

    func matches(_ s: String) -> Bool {
        switch self {
        case .equal(let target): return s == target
        case .pattern(let pattern): return pattern.matches(s)
        }
    }
}

extension Leaf {
    /// The opposite condition at the same cost.
    func negated() -> Leaf {
        let test = self.test
        let run = self.run
        return Leaf(cost: cost, test: { !test($0) }, run: { rows, out in
            run(rows, &out)
            switch rows {
            case .all(let n): for i in 0..<n { out[i].toggle() }
            case .indices(let ix): for i in ix { out[i].toggle() }
            }
        })
    }
}

extension Array where Element == Plan {
    /// Cheapest first; equal costs keep their written order.
    func sortedByCost() -> [Plan] {
        enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element)
    }
}
