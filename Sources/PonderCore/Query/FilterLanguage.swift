/// The filter language at a glance (GUIDE §4), for the inspector's help and `--where` usage text,
/// and the choices made where the guide is silent.
///
/// Choices:
/// - Columns in errors are 0-based offsets in Unicode scalars.
/// - Names (`loop`, `flagged`...), `and`/`or`/`not`, the `k`/`m` suffixes, the `p` of a percentile and
///   the regex flag `i` are case-insensitive; field names are case-sensitive.
/// - Numbers may be negative (`length_z < -3.5`) and have a fraction; no exponent.
/// - A percentile is p0...p100, nearest rank over the loaded traces (the value `ponder stats` prints),
///   missing values (NaN) left out.
/// - A missing numeric value satisfies no comparison, `!=` included. A missing string (no `source`,
///   no flag, no `gold`) fails `==` and `~` and so passes `!=` and `!~`: those are the negations.
/// - `flag == "x"`: any label is x; `flag != "x"`: no label is x. `file` compares or matches the path
///   as given and its last component.
/// - Regexes are ICU syntax (ICU's regex engine, with a time limit), searched anywhere in the text; `\/` stands for `/`.
/// - Strings take JSON escapes; raw control characters inside quotes are accepted as they are.
/// - Nesting of `(` and `not` is limited to `ExpressionParser.maxDepth`; `and`/`or` chains are flat.
/// - `consistency` and `prompt_lang` are refused by the type checker when the run did not measure them.
public enum FilterLanguage {
    /// A short reference, one line per construct.
    public static let help = """
        conditions: \(QueryName.allCases.map(\.rawValue).joined(separator: " "))
        combine:    a and b, a or b, not a, ( … )
        compare:    field == != < <= > >= value
        values:     1500, 1.5k, 2m, -3.5, p99, p99.9, "text with \\"JSON\\" escapes"
        match:      field ~ /regex/ or field !~ /regex/i (i: ignore case)
        numbers:    \(fields(.numeric))
        strings:    \(fields(.string))
        text (~):   \(fields(.text))
        example:    reasoning.tokens > p99 and not correct or reasoning ~ /wait, wait/i
        """

    private static func fields(_ kind: Field.Kind) -> String {
        Field.allCases.filter { $0.kind == kind }.map(\.rawValue).joined(separator: " ")
    }
}
