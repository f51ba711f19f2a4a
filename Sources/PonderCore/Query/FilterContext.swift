/// What a filter is evaluated against: the store's columns and the lookups for what is not a column.
public struct FilterContext: Sendable {
    public var columns: TraceColumns
    /// Resolves the interned ids of `source`, `domain`, `model`, `finish_reason` and `prompt_lang`.
    public var strings: StringTable
    /// Indexed by `columns.file`; `file == "x"` matches the full path or its last component.
    public var fileNames: [String]
    /// Decodes trace `i`'s text; called only when a text field (`prompt`, `reasoning`, `answer`, `gold`)
    /// is matched, and only for rows the cheaper conditions have not already decided.
    public var text: @Sendable (Int) -> TraceText?
    /// Trace `i`'s flag labels and note; nil when the trace is not flagged.
    public var flags: @Sendable (Int) -> (labels: [String], note: String?)?
    /// Language consistency per trace (0...1), nil when the run did not measure it.
    public var consistency: [Float]?
    /// The prompt's language per trace as a `strings` id (-1 unknown), nil when the run did not measure it.
    public var promptLang: [Int32]?
    /// Percentiles the store has already computed: `(field, p)` with p in 0...100, or nil to let the
    /// evaluator sort the column itself (once per field and compile).
    public var percentile: (@Sendable (Field, Double) -> Double?)?

    public init(
        columns: TraceColumns,
        strings: StringTable,
        fileNames: [String],
        text: @escaping @Sendable (Int) -> TraceText? = { _ in nil },
        flags: @escaping @Sendable (Int) -> (labels: [String], note: String?)? = { _ in nil },
        consistency: [Float]? = nil,
        promptLang: [Int32]? = nil,
        percentile: (@Sendable (Field, Double) -> Double?)? = nil
    ) {
        self.columns = columns
        self.strings = strings
        self.fileNames = fileNames
        self.text = text
        self.flags = flags
        self.consistency = consistency
        self.promptLang = promptLang
        self.percentile = percentile
    }

    /// Fields whose columns this run does not have; the type checker refuses them.
    public var unmeasuredFields: Set<Field> {
        var fields: Set<Field> = []
        if consistency == nil { fields.insert(.consistency) }
        if promptLang == nil { fields.insert(.promptLang) }
        return fields
    }
}
