import Foundation
import PonderCore

/// The inspector's view of a real `Dataset` and its flags sidecar (the CLI's, and tests' on real files).
public final class DatasetInspector: InspectorData, @unchecked Sendable {
    public let dataset: Dataset
    let flagLog: FlagLog?
    let names: [String]
    private let factsLock = NSLock()
    private var cachedFacts: DatasetFacts? = nil

    public init(dataset: Dataset, flagLog: FlagLog?, names: [String]) {
        self.dataset = dataset
        self.flagLog = flagLog
        self.names = names
    }

    public func snapshot() -> (columns: TraceColumns, strings: StringTable, progress: LoadProgress) {
        let (c, s) = dataset.snapshot()
        let p = dataset.progress
        let (_, problems) = dataset.problems
        // With facts prepared in the background, loading ends for the inspector once they are ready.
        let done = p.done && (!preparesFactsInBackground || factsReady)
        let message = done ? "loaded" : p.done ? "measuring the dataset" : p.phase
        return (c, s, LoadProgress(fraction: done ? 1 : min(p.fraction, 0.99), done: done, message: message,
                                   problems: problems))
    }

    /// Set when the loading thread calls `prepareFacts()`: the inspector's thread never computes them.
    public var preparesFactsInBackground: Bool {
        get { factsLock.lock(); defer { factsLock.unlock() }; return background }
        set { factsLock.lock(); background = newValue; factsLock.unlock() }
    }
    private var background = false

    private var factsReady: Bool {
        factsLock.lock(); defer { factsLock.unlock() }
        return cachedFacts != nil
    }

    /// What the dataset-wide detectors found; empty until loading has ended (and, with
    /// `preparesFactsInBackground`, until `prepareFacts()` has run).
    public func facts() -> DatasetFacts {
        factsLock.lock()
        let cached = cachedFacts, background = self.background
        factsLock.unlock()
        if let cached { return cached }
        return background ? DatasetFacts() : prepareFacts()
    }

    /// Computes the dataset's facts once loading has ended (call it from the loading thread after
    /// `Loader.load` returns, to keep the cost off the keys).
    @discardableResult
    public func prepareFacts() -> DatasetFacts {
        guard dataset.progress.done else { return DatasetFacts() }
        factsLock.lock(); defer { factsLock.unlock() }
        if let f = cachedFacts { return f }
        let (c, _) = dataset.snapshot()
        let t = dataset.options.thresholds
        let f = DatasetFacts(caps: dataset.capLengths, outliers: LengthOutlierModel.of(c, thresholds: t), outlierZ: t.outlierZ)
        cachedFacts = f
        return f
    }

    public var fileNames: [String] { names }

    public func text(of trace: Int) -> TraceText { dataset.text(of: trace) }

    public func fileWarning(for trace: Int) -> String? {
        let (c, _) = dataset.snapshot()
        let files = dataset.files
        guard trace < c.count, Int(c.file[trace]) < files.count else { return nil }
        let bytes = files[Int(c.file[trace])].bytes
        guard let change = bytes.changeOnDisk() else { return nil }
        return bytes.bytesChanged
            ? "\(change): its text may show empty or wrong; reopen it"
            : "\(change): showing the version loaded; reopen to see the new one"
    }

    public func highlights(of trace: Int) -> TraceHighlights {
        let t = dataset.text(of: trace)
        let spans = ReasoningSpans.of(prompt: t.prompt, reasoning: t.reasoning, thresholds: dataset.options.thresholds)
        return TraceHighlights(loop: spans.loop, foreign: spans.foreign)
    }

    public func filter(_ expression: String, among: [Int32]) -> Result<[Int32], FilterFailure> {
        let (c, s) = dataset.snapshot()
        let ctx = filterContext(c, s)
        do throws(QueryError) {
            // The user waits for the answer: the regexes get 20 s in all.
            let compiled = try CompiledFilter.compile(expression, in: ctx, regexTime: .seconds(20))
            let rows = among.filter { Int($0) < c.count && compiled.matches(Int($0)) }
            if let e = compiled.regexError { throw e }
            return .success(rows)
        } catch {
            return .failure(FilterFailure(column: error.column, message: error.message))
        }
    }

    func filterContext(_ c: TraceColumns, _ s: StringTable) -> FilterContext {
        Selection.context(dataset, c, s, fileNames: names, flagLog: flagLog)
    }

    public var flagsFile: String? { flagLog?.path }

    public func reloadFlags() {
        try? flagLog?.reload()
    }

    public var openingWarning: String? {
        guard let flagLog, let first = flagLog.warnings.first else { return nil }
        let n = flagLog.warnings.count
        return "flags file: \(n == 1 ? "line \(first.line)" : "\(n) lines") skipped (\(first.reason)); ponder flags lists them"
    }

    public func flags(of trace: Int) -> (labels: [String], note: String?)? {
        guard let flagLog else { return nil }
        let (c, _) = dataset.snapshot()
        guard trace < c.count,
              let e = flagLog.flags(for: ContentKey(hi: c.contentKeyHi[trace], lo: c.contentKeyLo[trace])) else { return nil }
        return (e.labels, e.note)
    }

    public func changeFlags(of trace: Int, _ change: FlagChange) throws {
        guard let flagLog else {
            throw FlagsUnavailable()
        }
        let (c, _) = dataset.snapshot()
        let key = ContentKey(hi: c.contentKeyHi[trace], lo: c.contentKeyLo[trace])
        let location = FlagLocation(file: names[Int(c.file[trace])], line: Int(c.line[trace]), generation: Int(c.generation[trace]))
        try flagLog.update(key, location: location) { current in
            change.applied(to: current?.labels ?? [], note: current?.note)
        }
    }
}

struct FlagsUnavailable: Error, CustomStringConvertible {
    var description: String { "flags are off: reading standard input; pass --flags-file PATH to keep them" }
}

extension DatasetInspector {
    public func export(traces: [Int32], to path: String) throws -> String {
        // A shell would expand `~`; the prompt is not a shell, so it does it here.
        var path = path
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst()
        }
        // Standard output, a terminal or a pipe would write over the screen or wait on a reader.
        if AtomicWriter.isStream(path) {
            throw FileError(action: "export to", path: path, reason: "the inspector exports to files; use `ponder export` for a stream")
        }
        let r = try DatasetExport.write(dataset, traces: traces.map(Int.init), format: .original, to: path, force: false,
                                        protected: flagLog.map { [$0.path] } ?? [])
        return r.summary
    }
}
