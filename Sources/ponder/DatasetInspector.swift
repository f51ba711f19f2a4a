import Foundation
import PonderCore
import PonderUI

/// The inspector's view of a real `Dataset` and its flags sidecar.
final class DatasetInspector: InspectorData, @unchecked Sendable {
    let dataset: Dataset
    let flagLog: FlagLog?
    let names: [String]

    init(dataset: Dataset, flagLog: FlagLog?, names: [String]) {
        self.dataset = dataset
        self.flagLog = flagLog
        self.names = names
    }

    func snapshot() -> (columns: TraceColumns, strings: StringTable, progress: LoadProgress) {
        let (c, s) = dataset.snapshot()
        let p = dataset.progress
        let (_, problems) = dataset.problems
        var message = p.done ? "loaded" : p.phase
        if problems > 0 { message += " · \(problems) input problem\(problems == 1 ? "" : "s") (ponder stats lists them)" }
        return (c, s, LoadProgress(fraction: p.fraction, done: p.done, message: message))
    }

    var fileNames: [String] { names }

    func text(of trace: Int) -> TraceText { dataset.text(of: trace) }

    func fileWarning(for trace: Int) -> String? {
        let (c, _) = dataset.snapshot()
        let files = dataset.files
        guard trace < c.count, Int(c.file[trace]) < files.count else { return nil }
        let bytes = files[Int(c.file[trace])].bytes
        guard let change = bytes.changeOnDisk() else { return nil }
        return bytes.bytesChanged
            ? "\(change): its text may show empty or wrong; reopen it"
            : "\(change): showing the version loaded; reopen to see the new one"
    }

    func highlights(of trace: Int) -> TraceHighlights {
        let t = dataset.text(of: trace)
        return Highlights.of(t, thresholds: dataset.options.thresholds)
    }

    func filter(_ expression: String, among: [Int32]) -> Result<[Int32], FilterFailure> {
        let (c, s) = dataset.snapshot()
        let ctx = filterContext(c, s)
        do {
            let compiled = try CompiledFilter.compile(expression, in: ctx)
            return .success(among.filter { Int($0) < c.count && compiled.matches(Int($0)) })
        } catch {
            return .failure(FilterFailure(column: error.column, message: error.message))
        }
    }

    func filterContext(_ c: TraceColumns, _ s: StringTable) -> FilterContext {
        let dataset = self.dataset
        let log = flagLog
        return FilterContext(
            columns: c, strings: s, fileNames: names,
            text: { dataset.text(of: $0) },
            flags: { i in
                guard let log, i < c.count,
                      let e = log.flags(for: ContentKey(hi: c.contentKeyHi[i], lo: c.contentKeyLo[i])) else { return nil }
                return (e.labels, e.note)
            },
            consistency: c.consistency, promptLang: c.promptLang)
    }

    func flags(of trace: Int) -> (labels: [String], note: String?)? {
        guard let flagLog else { return nil }
        let (c, _) = dataset.snapshot()
        guard trace < c.count,
              let e = flagLog.flags(for: ContentKey(hi: c.contentKeyHi[trace], lo: c.contentKeyLo[trace])) else { return nil }
        return (e.labels, e.note)
    }

    func setFlags(of trace: Int, labels: [String], note: String?) throws {
        guard let flagLog else {
            throw FlagsUnavailable()
        }
        let (c, _) = dataset.snapshot()
        let key = ContentKey(hi: c.contentKeyHi[trace], lo: c.contentKeyLo[trace])
        if labels.isEmpty && (note ?? "").isEmpty {
            try flagLog.clear(key)
        } else {
            let location = FlagLocation(file: names[Int(c.file[trace])], line: Int(c.line[trace]), generation: Int(c.generation[trace]))
            try flagLog.set(key, labels: labels, note: note, location: location)
        }
    }
}

struct FlagsUnavailable: Error, CustomStringConvertible {
    var description: String { "flags are off: reading standard input; pass --flags PATH to keep them" }
}

/// The spans the reasoning pane highlights, recomputed for the one trace on screen.
enum Highlights {
    static func of(_ t: TraceText, thresholds: Thresholds) -> TraceHighlights {
        guard !t.reasoning.isEmpty else { return TraceHighlights() }
        var h = TraceHighlights()
        let mix = ScriptMix.measure(prompt: t.prompt, reasoning: t.reasoning)
        if mix.foreignLetters >= thresholds.minForeignLetters { h.foreign = mix.spans }
        if let loop = TailLoop.measure(t.reasoning), TailLoop.isLoop(loop, thresholds: thresholds.loop) {
            h.loop = loop.startByte..<t.reasoning.utf8.count
        }
        return h
    }
}

extension DatasetInspector {
    func export(traces: [Int32], to path: String) throws -> String {
        let r = try DatasetExport.write(dataset, traces: traces.map(Int.init), format: .original, to: path, force: false)
        return "wrote \(r.records) records (\(r.traces) traces, \(formatBytes(r.bytes))) to \(r.path)"
    }
}
