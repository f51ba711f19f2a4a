import PonderCore

public enum Pane: Int, Sendable, CaseIterable {
    case table, prompt, reasoning, answer
    public var title: String {
        switch self {
        case .table: return "Traces"
        case .prompt: return "Prompt"
        case .reasoning: return "Reasoning"
        case .answer: return "Answer"
        }
    }
}

/// Columns the table can sort by (`s` cycles, `S` reverses).
public enum SortColumn: String, Sendable, CaseIterable {
    case position = "#", source, promptChars = "prompt", reasoningChars = "reasoning", answerChars = "answer"
    case reasoningTokens = "tokens", mix, consistency = "lang", loop, lengthZ = "z"
}

public enum InputKind: Sendable, Equatable { case filter, search, note(trace: Int), export }

public struct InputLine: Sendable, Equatable {
    public var kind: InputKind
    public var text: String
    /// The history entry shown (an index into the kind's history), nil while editing a new line;
    /// `draft` keeps that new line while Up and Down go through the history.
    public var historyIndex: Int? = nil
    public var draft: String? = nil
    /// Where typing goes, in Unicode scalars from the start (0...scalar count). Scalars, not
    /// characters: keys arrive a scalar at a time, and a combining mark or emoji modifier typed
    /// after a letter joins its character without adding one.
    public var cursor: Int

    public init(kind: InputKind, text: String, cursor: Int? = nil) {
        self.kind = kind
        self.text = text
        let n = text.unicodeScalars.count
        self.cursor = min(max(cursor ?? n, 0), n)
    }

    var scalarCount: Int { text.unicodeScalars.count }

    /// The text before and after the cursor.
    var split: (before: String, after: String) {
        let s = text.unicodeScalars
        let i = s.index(s.startIndex, offsetBy: min(cursor, s.count))
        return (String(s[..<i]), String(s[i...]))
    }

    mutating func insert(_ c: Character) {
        let (before, after) = split
        text = before + String(c) + after
        cursor += c.unicodeScalars.count
    }

    mutating func deleteBackward() {
        guard cursor > 0 else { return }
        var s = text.unicodeScalars
        s.remove(at: s.index(s.startIndex, offsetBy: min(cursor, s.count) - 1))
        text = String(s)
        cursor -= 1
    }

    mutating func deleteForward() {
        var s = text.unicodeScalars
        guard cursor < s.count else { return }
        s.remove(at: s.index(s.startIndex, offsetBy: cursor))
        text = String(s)
    }
}

public struct FlagPicker: Sendable, Equatable {
    public static let labels = ["mixed", "loop", "truncated", "outlier", "other"]
    public var trace: Int
    public var chosen: Set<String>
    public var cursor: Int = 0
    /// The labels as loaded: what the user changed is `chosen` against these.
    public var loaded: Set<String>

    public init(trace: Int, chosen: Set<String>) {
        self.trace = trace
        self.chosen = chosen
        self.loaded = chosen
    }

    /// The user's edit, to apply to the flag as it is on disk when saved (another inspector may
    /// have changed it meanwhile). `note`: the new note, or nil to leave it.
    public func change(note newNote: String?? = nil) -> FlagChange {
        FlagChange(added: chosen.subtracting(loaded), removed: loaded.subtracting(chosen), note: newNote)
    }
}

/// Labels added and removed, and a new note (nil: unchanged; `.some(nil)`: removed).
public struct FlagChange: Sendable, Equatable {
    public var added: Set<String>
    public var removed: Set<String>
    public var note: String??

    /// The labels and note after this change to `labels` and `note`.
    public func applied(to labels: [String], note current: String?) -> (labels: [String], note: String?) {
        let kept = labels.filter { !removed.contains($0) }
        return (kept + added.subtracting(kept).sorted(), note ?? current)
    }
}

/// The trace shown in the panes, loaded by a command.
public struct LoadedTrace: Sendable, Equatable {
    public var trace: Int
    public var text: TraceText
    public var highlights: TraceHighlights
}

/// Everything the screen is derived from.
public struct Model: Sendable {
    public var width: Int
    public var height: Int
    public var columns = TraceColumns()
    public var strings = StringTable()
    public var fileNames: [String] = []
    public var progress = LoadProgress(fraction: 0, done: false, message: "loading")

    /// What the dataset-wide detectors found (empty until loading ends).
    public var facts = DatasetFacts()

    /// Visible rows: trace indices after filters and sort.
    public var rows: [Int32] = []
    /// The rows before the distribution's length range (in position order): what its histogram counts.
    public var unrangedRows: [Int32] = []
    public var selected = 0
    public var tableTop = 0
    public var focus: Pane = .table
    public var zoomed = false
    public var scroll: [Pane: Int] = [:]
    /// The pane and line of the last search match: `n`/`N` continue from it even when the pane
    /// could not scroll that far (a match near the end of a short text). Searching never moves
    /// the focus: it scrolls the pane that holds the match.
    public var searchAt: (pane: Pane, line: Int)? = nil

    public var verdictFilter: Verdicts = []
    public var flaggedOnly = false
    public var expression: String? = nil
    public var lengthRange: LengthRange? = nil
    public var sort: SortColumn = .position
    public var descending = false

    public var mode: Mode = .browse
    public var input: InputLine? = nil
    public var search: String? = nil
    public var message: String? = nil
    public var messageIsError = false
    public var current: LoadedTrace? = nil
    public var flagPicker: FlagPicker? = nil
    public var helpScroll = 0
    public var histogramMeasure: LengthMeasure = .reasoning
    /// The source (or domain) whose histogram is shown; nil: every trace.
    public var histogramGroup: TraceGroup? = nil
    public var histogramBar = 0
    /// The distribution view's histogram, recomputed when rows, measure or group change.
    public var histogram: Histogram? = nil
    public var quit = false
    /// The trace the user chose last (by moving, clicking, searching): a filter that hides it moves
    /// the selection to the nearest row, and removing that filter brings it back.
    public var anchor: Int32? = nil
    /// The last filter expression that failed, with where and why.
    public var filterError: FilterFailure? = nil
    public var failedExpression: String? = nil
    /// The filter expression in force: the last one that compiled. A failed one leaves it in place.
    public var appliedExpression: String? = nil
    /// Filters and searches submitted this session, oldest first (Up and Down in their prompts).
    public var filterHistory: [String] = []
    public var searchHistory: [String] = []
    /// Scroll to the first search match once the trace being loaded arrives.
    public var jumpToSearchOnLoad = false

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var selectedTrace: Int? {
        rows.indices.contains(selected) ? Int(rows[selected]) : nil
    }
}

public enum MouseKind: Sendable, Equatable { case wheelUp, wheelDown, click }

public enum Event: Sendable {
    case key(Key)
    case mouse(x: Int, y: Int, kind: MouseKind)
    case resize(width: Int, height: Int)
    /// A new snapshot of the store (sent on every tick while loading).
    case snapshot(TraceColumns, StringTable, LoadProgress, fileNames: [String], facts: DatasetFacts)
    /// Visible rows, and the rows before the distribution's length range (position order).
    case rows([Int32], unranged: [Int32], failure: FilterFailure?)
    case traceLoaded(LoadedTrace)
    case flagsLoaded(trace: Int, labels: [String], note: String?, forNote: Bool)
    case flagsSaved(trace: Int, file: String?)
    case failed(String)
    case info(String)
    /// The next trace whose text matches the search (nil: none among `searched` traces).
    case found(trace: Int?, needle: String, searched: Int)
}

/// I/O that `update` asks for; the runtime performs it and feeds results back as events.
public enum Command: Sendable, Equatable {
    case computeRows
    case loadTrace(Int)
    case loadFlags(trace: Int, forNote: Bool)
    case saveFlags(trace: Int, change: FlagChange)
    /// Writes the visible traces to a file (original lines), atomically.
    case export(path: String, rows: [Int32])
    /// Finds the next (or previous) visible trace after `after` whose text contains `needle`.
    case findTrace(String, after: Int, forward: Bool)
    case quit
}
