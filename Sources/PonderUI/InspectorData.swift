import PonderCore

/// How far loading has come.
public struct LoadProgress: Sendable, Equatable {
    /// 0...1.
    public var fraction: Double
    public var done: Bool
    public var message: String
    /// Input problems found so far (malformed lines, binary data...), each with its location in
    /// `ponder stats`.
    public var problems: Int

    /// "N input problem(s)": the progress line and the message at the end of loading say it so.
    public var problemsPhrase: String { "\(problems) input problem\(problems == 1 ? "" : "s")" }
    public init(fraction: Double, done: Bool, message: String, problems: Int = 0) {
        self.fraction = fraction
        self.done = done
        self.message = message
        self.problems = problems
    }
}

/// Spans to highlight in a trace's reasoning, as UTF-8 byte ranges into `TraceText.reasoning`.
public struct TraceHighlights: Sendable, Equatable {
    public var loop: Range<Int>?
    public var foreign: [Range<Int>]
    public init(loop: Range<Int>? = nil, foreign: [Range<Int>] = []) {
        self.loop = loop
        self.foreign = foreign
    }
}

/// A filter expression that did not parse or type-check; `column` is 0-based in the expression.
public struct FilterFailure: Error, Sendable, Equatable {
    public var column: Int
    public var message: String
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }
}

/// What the inspector needs from the store. Implemented over the real store by the CLI, and by a fake in tests.
public protocol InspectorData: AnyObject, Sendable {
    /// A consistent snapshot of what is loaded so far (grows while loading).
    func snapshot() -> (columns: TraceColumns, strings: StringTable, progress: LoadProgress)
    /// Names of the loaded files, indexed by `TraceColumns.file`.
    var fileNames: [String] { get }
    /// The trace's text, decoded on demand.
    func text(of trace: Int) -> TraceText
    func highlights(of trace: Int) -> TraceHighlights
    /// Evaluates a filter expression (GUIDE §4) over `among`; returns the matching trace indices, in
    /// the order of `among`, or the error with its 0-based column.
    func filter(_ expression: String, among: [Int32]) -> Result<[Int32], FilterFailure>
    /// The trace's flags as last read, nil when it has none (cheap: the table asks for every row).
    func flags(of trace: Int) -> (labels: [String], note: String?)?
    /// Reads what other processes saved since (before the flag picker or note opens).
    func reloadFlags()
    /// Applies the user's change to the trace's flags as they are on disk when it is saved (no
    /// labels and no note left clears them); durable when it returns.
    func changeFlags(of trace: Int, _ change: FlagChange) throws
    /// Writes `traces` (original record lines) to a new file atomically; returns what it wrote.
    func export(traces: [Int32], to path: String) throws -> String
    /// A warning about the file holding `trace` (changed on disk since it was loaded), shown when
    /// the trace is opened; nil when all is well.
    func fileWarning(for trace: Int) -> String?
    /// A warning to show when the inspector opens (the flags file has damaged lines); nil when none.
    var openingWarning: String? { get }
    /// The flags file flags are saved in; nil when there is none.
    var flagsFile: String? { get }
    /// What the dataset-wide detectors found (outlier statistics, generation caps); empty until
    /// loading ends.
    func facts() -> DatasetFacts
}

/// Export is optional for a data source; one without it says so.
public struct ExportUnavailable: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "this data source cannot export" }
}

extension InspectorData {
    public func export(traces: [Int32], to path: String) throws -> String { throw ExportUnavailable() }
    public func fileWarning(for trace: Int) -> String? { nil }
    public var openingWarning: String? { nil }
    public var flagsFile: String? { nil }
    public func reloadFlags() {}
    public func facts() -> DatasetFacts { DatasetFacts() }
}
