/// A filter expression parsed, type-checked and compiled against one `FilterContext`: ready to
/// evaluate over all its traces, or one trace at a time. Percentiles are fixed at compile time.
public struct CompiledFilter: Sendable {
    /// The tree, for display (`description`) and to recompile against a newer context.
    public let expression: Expression
    private let plan: Plan
    private let count: Int

    /// Parses, checks and compiles `source`. Throws the first syntax or type error, with its column.
    public static func compile(_ source: String, in ctx: FilterContext) throws(QueryError) -> CompiledFilter {
        let expression = try ExpressionParser.parse(source)
        try TypeChecker.check(expression, in: ctx)
        return CompiledFilter(expression, in: ctx)
    }

    /// Compiles a tree that was already checked; unchecked parts that do not fit evaluate to false.
    public init(_ expression: Expression, in ctx: FilterContext) {
        self.expression = expression
        self.plan = Plan.compile(expression, in: ctx)
        self.count = ctx.columns.count
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
