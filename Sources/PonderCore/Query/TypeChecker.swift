/// Checks that every comparison and match in a tree fits its field's type (GUIDE §4):
/// numeric fields compare with numbers and percentiles; string fields with strings (`==`, `!=`) or
/// regexes (`~`, `!~`); text fields only match regexes. An error points at the part that does not fit.
public enum TypeChecker {
    /// Throws the first type error, in source order. `unmeasured` lists the fields this run has no
    /// column for (see `FilterContext.unmeasuredFields`).
    public static func check(_ expression: Expression, unmeasured: Set<Field> = []) throws(QueryError) {
        switch expression {
        case .and(let children), .or(let children):
            for child in children { try check(child, unmeasured: unmeasured) }
        case .not(let child):
            try check(child, unmeasured: unmeasured)
        case .name:
            break
        case .comparison(let c):
            try checkMeasured(c.field, column: c.fieldColumn, unmeasured: unmeasured)
            let name = c.field.rawValue
            switch c.field.kind {
            case .numeric:
                if case .string = c.value {
                    throw QueryError(column: c.valueColumn,
                                     message: "\(name) is a number: compare it with a number or a percentile like p99, not a string")
                }
            case .string:
                guard c.op == .equal || c.op == .notEqual else {
                    throw QueryError(column: c.opColumn,
                                     message: "\(name) is a string: use ==, !=, ~ or !~, not \(c.op.rawValue)")
                }
                guard case .string = c.value else {
                    throw QueryError(column: c.valueColumn,
                                     message: "\(name) is a string: compare it with a \"quoted string\"")
                }
            case .text:
                let hint = Field(rawValue: name + ".chars").map { " (its length is \($0.rawValue))" } ?? ""
                throw QueryError(column: c.opColumn, message: "\(name) is text: only ~ and !~ apply\(hint)")
            }
        case .match(let m):
            try checkMeasured(m.field, column: m.fieldColumn, unmeasured: unmeasured)
            if m.field.kind == .numeric {
                throw QueryError(column: m.opColumn,
                                 message: "\(m.field.rawValue) is a number: compare it with == != < <= > >=, not a regex")
            }
        }
    }

    /// Checks against what `context` has measured.
    public static func check(_ expression: Expression, in context: FilterContext) throws(QueryError) {
        try check(expression, unmeasured: context.unmeasuredFields)
    }

    private static func checkMeasured(_ field: Field, column: Int, unmeasured: Set<Field>) throws(QueryError) {
        if unmeasured.contains(field) {
            throw QueryError(column: column, message: "\(field.rawValue) is not measured in this run")
        }
    }
}
