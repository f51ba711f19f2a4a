/// A filter expression parsed, type-checked and compiled against one `FilterContext`: ready to
/// evaluate over all its traces, or one trace at a time. Percentiles are fixed at compile time.
public struct CompiledFilter: Sendable {
    /// The tree, for display (`description`) and to recompile against a newer context.
    public let expression: Expression
    private let plan: Plan
    private let count: Int
    private let budget: RegexBudget
    private var source: String?

    /// Parses, checks and compiles `source`. Throws the first syntax or type error, with its column.
    /// `regexTime`: how long the filter's regex searches may take together (the inspector's limit;
    /// nil for none: a command line waits as long as the data asks).
    public static func compile(_ source: String, in ctx: FilterContext, regexTime: Duration? = nil) throws(QueryError) -> CompiledFilter {
        let expression = try ExpressionParser.parse(source)
        try TypeChecker.check(expression, in: ctx)
        var filter = CompiledFilter(expression, in: ctx, regexTime: regexTime)
        filter.source = source
        return filter
    }

    /// Compiles a tree that was already checked; unchecked parts that do not fit evaluate to false.
    public init(_ expression: Expression, in ctx: FilterContext, regexTime: Duration? = nil) {
        self.expression = expression
        self.budget = RegexBudget(totalLimit: regexTime)
        self.plan = Plan.compile(expression, in: ctx, budget: budget)
        self.count = ctx.columns.count
    }

    /// After evaluating: the error to report when one of the filter's regexes ran past its time limit
    /// on one text (`TextPattern.timeLimit`). That search was stopped and the later ones were not
    /// run, so the answers are incomplete; nil when every search finished.
    public var regexError: QueryError? {
        guard let culprit = budget.culprit else { return nil }
        let pattern = culprit.pattern
        var column = 0
        // As written: the lexer turned `\/` into `/`.
        let written = "/" + pattern.replacingOccurrences(of: "/", with: "\\/") + "/"
        if let source, let r = source.range(of: written) ?? source.range(of: "/" + pattern + "/") {
            column = source.unicodeScalars.distance(from: source.unicodeScalars.startIndex, to: r.lowerBound)
        }
        if culprit.total {
            return QueryError(column: column, message: "the regexes took too long over these traces and were stopped; put cheaper conditions first (they run before regexes), or use ponder check / export, which wait")
        }
        return QueryError(column: column, message: "this regex ran too long (or too deep) on one text and was stopped: nested repetition such as (a+)+, or a repeated group over a long text, backtracks without end; simplify it")
    }

    /// One Bool per trace of the context it was compiled against.
    public func evaluate() -> [Bool] {
        plan.evaluate(count: count)
    }

    /// The indices of the traces that pass, in order.
    public func matchingRows() -> [Int] {
        var rows: [Int] = []
        for (i, keep) in evaluate().enumerated() where keep { rows.append(i) }
        return rows
    }

    /// Whether trace `row` passes (0 ≤ row < the context's count).
    public func matches(_ row: Int) -> Bool {
        plan.test(row)
    }
}
