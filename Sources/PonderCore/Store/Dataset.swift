import Foundation

/// One file as loaded: its bytes, its record index and the layout recognised for it.
public struct LoadedFile: Sendable {
    public var bytes: FileBytes
    public var index: RecordIndex
    public var plan: LayoutPlans
    /// Records per layout (a file's records normally share one; unknown ones are counted apart).
    public var layoutCounts: [LayoutKind: Int]
    public var records: Int { index.spans.count }
    /// Records that failed to parse or were too large.
    public var malformed: Int
    public var traces: Int
    /// The index and figures came from the cache (`IndexCache`), not from parsing the file.
    public var fromCache = false
}

/// Everything Ponder knows about the loaded traces: files, figures as columns, problems.
///
/// Grows while loading (the inspector shows what is there already) and is final once `progress.done`.
/// All access goes through one lock; readers take a snapshot of the columns (copy on write, so a
/// snapshot costs nothing until the loader appends again).
public final class Dataset: @unchecked Sendable {
    public let options: LoadOptions

    private struct State {
        var files: [LoadedFile] = []
        var columns = TraceColumns()
        var strings = StringTable()
        var problems: [InputProblem] = []
        var problemCount = 0
        var bytesDone = 0
        var bytesTotal = 0
        var done = false
        var phase = "reading"
        var capLengths: [Int32] = []
    }
    private let state = Locked(State())

    public init(options: LoadOptions = LoadOptions()) {
        self.options = options
    }

    /// The columns and strings loaded so far.
    public func snapshot() -> (columns: TraceColumns, strings: StringTable) {
        state.withLock { ($0.columns, $0.strings) }
    }

    public var files: [LoadedFile] { state.withLock { $0.files } }
    /// Problems kept for reporting (the first `options.maxReportedProblems`), and how many there were.
    public var problems: (kept: [InputProblem], total: Int) { state.withLock { ($0.problems, $0.problemCount) } }
    /// Generation caps found (lengths in dataset tokens where many traces pile up at the top).
    public var capLengths: [Int32] { state.withLock { $0.capLengths } }

    public struct Progress: Sendable {
        public var fraction: Double
        public var done: Bool
        public var phase: String
    }

    public var progress: Progress {
        state.withLock { s in
            Progress(fraction: s.bytesTotal > 0 ? min(1, Double(s.bytesDone) / Double(s.bytesTotal)) : (s.done ? 1 : 0),
                     done: s.done, phase: s.phase)
        }
    }

    // MARK: Text on demand

    /// The decoded trace `i` (prompt, reasoning, answer, metadata), parsed again from the file.
    public func text(of i: Int) -> TraceText {
        let (fileIndex, record, generation) = state.withLock { s in
            (Int(s.columns.file[i]), Int(s.columns.record[i]), Int(s.columns.generation[i]))
        }
        let file = files[fileIndex]
        return Self.traces(in: file, record: record).flatMap { r in
            generation < r.traces.count ? r.traces[generation] : nil
        } ?? TraceText()
    }

    /// The raw bytes of the record holding trace `i`, exactly as in the file.
    public func recordBytes(of i: Int) -> UnsafeRawBufferPointer {
        let (fileIndex, record) = state.withLock { s in (Int(s.columns.file[i]), Int(s.columns.record[i])) }
        let file = files[fileIndex]
        let span = file.index.spans[record]
        return UnsafeRawBufferPointer(rebasing: file.bytes.bytes[span.start..<span.end])
    }

    static func traces(in file: LoadedFile, record: Int) -> RecordTraces? {
        let span = file.index.spans[record]
        var parser = JSONParser()
        guard case .success(let doc) = parser.parseResult(UnsafeRawBufferPointer(rebasing: file.bytes.bytes[span.start..<span.end])) else {
            return nil
        }
        return file.plan.traces(in: doc)
    }

    // MARK: Loading (used by Loader)

    func begin(totalBytes: Int) {
        state.withLock { $0.bytesTotal = totalBytes }
    }

    func addFile(_ file: LoadedFile) -> Int {
        state.withLock { s in
            s.files.append(file)
            return s.files.count - 1
        }
    }

    func updateFile(_ index: Int, _ body: (inout LoadedFile) -> Void) {
        state.withLock { body(&$0.files[index]) }
    }

    /// Adds input problems (counted, and kept up to `maxReportedProblems`).
    public func report(_ problems: [InputProblem]) {
        guard !problems.isEmpty else { return }
        state.withLock { s in
            s.problemCount += problems.count
            let room = max(0, options.maxReportedProblems - s.problems.count)
            s.problems.append(contentsOf: problems.prefix(room))
        }
    }

    func advance(bytes: Int, phase: String? = nil) {
        state.withLock { s in
            s.bytesDone += bytes
            if let phase { s.phase = phase }
        }
    }

    /// Traces appended so far.
    var loadedTraces: Int { state.withLock { $0.columns.count } }

    /// A loaded file's figures from trace `start` on, the string table they refer to, and the file.
    func loaded(file: Int, tracesFrom start: Int) -> (TraceColumns, StringTable, LoadedFile) {
        state.withLock { s in (s.columns.slice(start..<s.columns.count), s.strings, s.files[file]) }
    }

    /// Room for `traces` more traces (a file's record count, before it is measured).
    func reserve(additional traces: Int) {
        state.withLock { s in s.columns.reserveCapacity(s.columns.count + traces) }
    }

    /// Appends a chunk's figures, remapping its interned strings into the dataset's table.
    func append(_ chunk: TraceColumns, strings chunkStrings: StringTable) {
        state.withLock { s in
            var map = [Int32](repeating: -1, count: chunkStrings.strings.count)
            for (k, str) in chunkStrings.strings.enumerated() { map[k] = s.strings.intern(str) }
            s.columns.append(chunk, remapping: map)
        }
    }

    func finish(_ body: (inout TraceColumns, inout [Int32]) -> Void) {
        state.withLock { s in
            s.phase = "measuring the dataset"
            body(&s.columns, &s.capLengths)
            s.done = true
            s.phase = "done"
            s.bytesDone = s.bytesTotal
        }
    }

    func markDone() {
        state.withLock { s in
            s.done = true
            s.phase = "done"
        }
    }
}
