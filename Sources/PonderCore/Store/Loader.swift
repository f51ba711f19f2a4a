import Foundation
import Synchronization

/// How to load: explicit field paths, limits, detector thresholds, parallelism.
public struct LoadOptions: Sendable {
    public var explicit: ExplicitPaths? = nil
    /// Records larger than this are reported and skipped (a "gigantic line").
    public var maxRecordBytes: Int = 64 << 20
    public var thresholds = Thresholds()
    /// Worker threads; defaults to the machine's cores.
    public var workers: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Problems kept for display; all are counted.
    public var maxReportedProblems: Int = 1000
    /// Run language identification (CLD2) on every trace; off, `consistency` and the languages are
    /// not measured (NaN and nil) and a scan costs about a quarter less.
    public var languages = true
    /// Where the cached index and figures of unchanged files are read and written (`IndexCache`);
    /// nil (the library's default; `ponder` sets `IndexCache.defaultDirectory`): no cache.
    public var cacheDirectory: String? = nil
    /// Records sampled per file to recognise its layout.
    public var layoutSample: Int = 200
    /// Records per parallel work item (tests lower it to get many chunks from a small file).
    var chunkRecords: Int = Loader.chunkRecords

    public init() {}
}

/// Loads dataset files into a `Dataset`: read, index, recognise the layout from a sample, then
/// parse and measure every record on all cores, chunk by chunk, publishing chunks in file order.
public enum Loader {
    /// Records per parallel work item; small enough to balance two cores and to show progress.
    static let chunkBytes = 4 << 20
    static let chunkRecords = 4096

    /// Loads `paths` into `dataset` (synchronously; call from a background thread to keep a UI live).
    public static func load(_ paths: [String], into dataset: Dataset) {
        let options = dataset.options
        var sizes: [Int] = []
        for p in paths {
            var st = stat()
            sizes.append(p != "-" && stat(p, &st) == 0 ? Int(st.st_size) : 0)
        }
        dataset.begin(totalBytes: max(sizes.reduce(0, +), 1))

        for (n, path) in paths.enumerated() {
            let bytes: FileBytes
            do {
                bytes = try FileBytes.read(path)
            } catch {
                dataset.report([error])
                dataset.advance(bytes: sizes[n])
                continue
            }
            // Computed once: the lookup and, after a full load, the store use it.
            let cacheKey = options.cacheDirectory == nil ? nil : IndexCache.key(bytes, options)
            if let cacheKey, let cached = IndexCache.load(key: cacheKey, file: bytes, options) {
                // Unchanged since it was last measured with these settings: no parse, no detectors.
                dataset.report(cached.problems)
                let plan = recognize(bytes, cached.index, options)
                let fileIndex = dataset.addFile(LoadedFile(bytes: bytes, index: cached.index, plan: plan,
                                                           layoutCounts: cached.layoutCounts,
                                                           malformed: cached.malformed, traces: cached.columns.count,
                                                           fromCache: true))
                var columns = cached.columns
                columns.file = [UInt16](repeating: UInt16(truncatingIfNeeded: fileIndex), count: columns.count)
                dataset.append(columns, strings: cached.strings)
                dataset.advance(bytes: sizes[n], phase: "measuring")
                continue
            }
            let index = RecordIndex.build(bytes)
            dataset.report(index.problems)
            let plan = recognize(bytes, index, options)
            let fileIndex = dataset.addFile(LoadedFile(bytes: bytes, index: index, plan: plan, layoutCounts: [:], malformed: 0, traces: 0))
            let faultsBefore = FileBytes.changedUnderneath
            let firstTrace = dataset.loadedTraces
            let problems = measure(file: fileIndex, bytes: bytes, index: index, plan: plan, into: dataset, progressBytes: sizes[n])
            // The guard's count is the process's: a fault counts for this file only when this
            // file changed in place (another file read meanwhile may have been cut).
            if FileBytes.changedUnderneath != faultsBefore && bytes.bytesChanged {
                dataset.report([InputProblem(file: bytes.displayName, reason: "the file was truncated or rewritten while being read; records past its new end read as empty and are reported as malformed")])
            } else if let problems, let cacheKey {
                let (columns, strings, file) = dataset.loaded(file: fileIndex, tracesFrom: firstTrace)
                IndexCache.store(IndexCache.Entry(index: index, problems: index.problems + problems, layoutCounts: file.layoutCounts,
                                                  malformed: file.malformed, columns: columns, strings: strings),
                                 key: cacheKey, options)
            }
        }
        dataset.finish { columns, caps in
            caps = DatasetAnalysis.run(&columns, thresholds: options.thresholds)
        }
    }

    static func recognize(_ bytes: FileBytes, _ index: RecordIndex, _ options: LoadOptions) -> LayoutPlans {
        let spans = index.spans
        var picks: [Int] = Array(0..<min(spans.count, options.layoutSample / 2))
        if spans.count > picks.count {
            let step = max(1, spans.count / max(1, options.layoutSample / 2))
            picks += stride(from: picks.count, to: spans.count, by: step).map { $0 }
        }
        var parser = JSONParser()
        var sample: [JSONDocument] = []
        for r in picks {
            let s = spans[r]
            guard s.end - s.start <= options.maxRecordBytes else { continue }
            if case .success(let doc) = parser.parseResult(UnsafeRawBufferPointer(rebasing: bytes.bytes[s.start..<s.end])) {
                sample.append(doc)
            }
        }
        return LayoutPlans.recognize(sample: sample, explicit: options.explicit)
    }

    private struct ChunkResult: Sendable {
        var columns = TraceColumns()
        var strings = StringTable()
        var problems: [InputProblem] = []
        var layoutCounts: [LayoutKind: Int] = [:]
        var malformed = 0
        var bytes = 0
    }

    /// Parses and measures every record of one file into `dataset`. Returns the problems it
    /// reported, or nil when there were more than `maxReportedProblems` (not worth caching).
    @discardableResult
    static func measure(file fileIndex: Int, bytes: FileBytes, index: RecordIndex, plan: LayoutPlans,
                        into dataset: Dataset, progressBytes: Int) -> [InputProblem]? {
        let spans = index.spans
        dataset.reserve(additional: spans.count)
        let chunkRecords = max(1, dataset.options.chunkRecords)
        // Chunk boundaries by bytes and records.
        var cut: [Range<Int>] = []
        var start = 0
        while start < spans.count {
            var end = start
            let limit = spans[start].start + chunkBytes
            while end < spans.count && end - start < chunkRecords && (end == start || spans[end].end <= limit) { end += 1 }
            cut.append(start..<end)
            start = end
        }
        let bounds = cut
        let options = dataset.options
        let next = Atomic<Int>(0)
        struct Publish { var results: [ChunkResult?]; var published = 0; var problems: [InputProblem]? = [] }
        let pending = Locked(Publish(results: Array(repeating: nil, count: bounds.count)))
        let totalBytes = max(bytes.bytes.count, 1)
        let name = bytes.displayName
        let thresholds = options.thresholds

        let workers = max(1, min(options.workers, bounds.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var parser = JSONParser()
            let scratch = Repetition.Scratch()
            while true {
                let c = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard c < bounds.count else { break }
                var out = ChunkResult()
                for r in bounds[c] {
                    let span = spans[r]
                    out.bytes += span.end - span.start + 1
                    let size = span.end - span.start
                    if size > options.maxRecordBytes {
                        out.malformed += 1
                        out.problems.append(InputProblem(file: name, line: Int(span.line),
                            reason: "record of \(formatBytes(size)) exceeds the \(formatBytes(options.maxRecordBytes)) limit; skipped"))
                        continue
                    }
                    let raw = UnsafeRawBufferPointer(rebasing: bytes.bytes[span.start..<span.end])
                    let doc: JSONDocument
                    switch parser.parseResult(raw) {
                    case .success(let d): doc = d
                    case .failure(let e):
                        out.malformed += 1
                        let at = span.location(of: e.offset, in: raw)
                        out.problems.append(InputProblem(file: name, line: at.line, column: at.column, reason: e.reason))
                        continue
                    }
                    let record = plan.traces(in: doc)
                    out.layoutCounts[record.layout, default: 0] += 1
                    // A trace's generation is a UInt16 column: past 65,536 it would wrap and name
                    // another generation's text, so the rest are reported and left out.
                    let maxGenerations = Int(UInt16.max) + 1
                    if record.traces.count > maxGenerations {
                        out.problems.append(InputProblem(file: name, line: Int(span.line),
                            reason: "record has \(record.traces.count) generations; only the first \(maxGenerations) are read"))
                    }
                    for (g, text) in record.traces.prefix(maxGenerations).enumerated() {
                        var f = TraceMeasure.measure(text, thresholds: thresholds, strings: &out.strings,
                                                     scratch: scratch, languages: options.languages)
                        f.file = UInt16(truncatingIfNeeded: fileIndex)
                        f.record = Int32(r)
                        f.line = span.line
                        f.generation = UInt16(truncatingIfNeeded: g)
                        f.layout = record.layout
                        if record.layout == .unknown { f.verdicts.insert(.unknownLayout) }
                        out.columns.append(f)
                    }
                }
                // Publish finished chunks in order so the store's order is the file's.
                var ready: [ChunkResult] = []
                pending.withLock { p in
                    p.results[c] = out
                    while p.published < p.results.count, let r = p.results[p.published] {
                        ready.append(r)
                        p.results[p.published] = nil
                        p.published += 1
                    }
                    // Append while holding the publish lock keeps chunks in order.
                    for r in ready {
                        dataset.append(r.columns, strings: r.strings)
                        dataset.report(r.problems)
                        if let kept = p.problems {
                            p.problems = kept.count + r.problems.count <= options.maxReportedProblems ? kept + r.problems : nil
                        }
                        dataset.updateFile(fileIndex) { f in
                            for (k, v) in r.layoutCounts { f.layoutCounts[k, default: 0] += v }
                            f.malformed += r.malformed
                            f.traces += r.columns.count
                        }
                        dataset.advance(bytes: Int(Double(r.bytes) / Double(totalBytes) * Double(progressBytes)), phase: "measuring")
                    }
                }
            }
        }
        return pending.withLock { $0.problems }
    }
}

/// "64 MiB", "200.0 MB": sizes for messages.
public func formatBytes(_ n: Int) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
    if n >= 1_000_000 { return String(format: "%.1f MB", Double(n) / 1e6) }
    if n >= 1000 { return String(format: "%.1f KB", Double(n) / 1e3) }
    return "\(n) bytes"
}
