import Foundation
import PonderCore

/// Runs the Elm loop: feeds events to `update` and performs the commands it returns against the
/// data. Used by the terminal front end and by headless replay.
public final class Program {
    public private(set) var model: Model
    public let data: InspectorData

    public init(data: InspectorData, width: Int, height: Int) {
        self.data = data
        model = Model(width: width, height: height)
        refresh()
        if let warning = data.openingWarning { send(.failed(warning)) }
    }

    /// Takes a new snapshot from the store (call on every tick while loading).
    public func refresh() {
        let s = data.snapshot()
        guard s.columns.count != model.columns.count || s.progress != model.progress || model.fileNames.isEmpty else { return }
        send(.snapshot(s.columns, s.strings, s.progress, fileNames: data.fileNames, facts: data.facts()))
    }

    /// Applies an event and everything it leads to.
    public func send(_ event: Event) {
        var queue = [event]
        var steps = 0
        while !queue.isEmpty, steps < 64 {
            steps += 1
            let e = queue.removeFirst()
            for c in update(&model, e) { queue += perform(c) }
        }
    }

    public func render(width: Int, height: Int) -> ScreenBuffer {
        PonderUI.render(model, data, width: width, height: height)
    }

    func perform(_ c: Command) -> [Event] {
        switch c {
        case .quit: return []
        case let .findTrace(needle, after, forward):
            // Decodes traces one by one; bounded so a key never blocks for long.
            let rows = model.rows
            guard let start = rows.firstIndex(of: Int32(after)) else { return [] }
            let limit = 5000
            var i = start, searched = 0
            while searched < min(limit, rows.count) {
                i = forward ? (i + 1) % rows.count : (i - 1 + rows.count) % rows.count
                searched += 1
                let t = Int(rows[i])
                let text = data.text(of: t)
                for field in [text.reasoning, text.prompt, text.answer, text.gold ?? ""]
                where !matchRanges(of: needle, in: field, limit: 1).isEmpty {
                    return [.found(trace: t, needle: needle, searched: searched)]
                }
            }
            return [.found(trace: nil, needle: needle, searched: searched)]
        case .loadTrace(let t):
            let loaded = Event.traceLoaded(LoadedTrace(trace: t, text: data.text(of: t), highlights: data.highlights(of: t)))
            if let warning = data.fileWarning(for: t) { return [loaded, .failed(warning)] }
            return [loaded]
        case let .loadFlags(t, forNote):
            data.reloadFlags()
            let f = data.flags(of: t)
            return [.flagsLoaded(trace: t, labels: f?.labels ?? [], note: f?.note, forNote: forNote)]
        case let .saveFlags(t, change):
            do {
                try data.changeFlags(of: t, change)
                return [.flagsSaved(trace: t, file: data.flagsFile)]
            } catch {
                return [.failed("flags NOT saved: \(error)")]
            }
        case let .export(path, rows):
            do {
                return [.info(try data.export(traces: rows, to: path))]
            } catch {
                return [.failed("export NOT written: \(error)")]
            }
        case .computeRows:
            let m = model
            var rows = baseRows(m.columns, verdicts: m.verdictFilter, length: nil)
            if m.flaggedOnly, case .success(let r) = data.filter("flagged", among: rows) { rows = r }
            var failure: FilterFailure? = nil
            if let e = m.expression {
                switch data.filter(e, among: rows) {
                case .success(let r): rows = r
                case .failure(let f): failure = f
                }
            }
            let unranged = rows
            if let range = m.lengthRange { rows = rows.filter { range.contains(m.columns, Int($0)) } }
            return [.rows(sortRows(rows, m.columns, m.strings, by: m.sort, descending: m.descending),
                          unranged: unranged, failure: failure)]
        }
    }
}

/// Headless mode (`ponder view --keys … --dump-screen WxH`): replays `keys` in vim-like notation
/// (`jjj<Tab>z<C-d>:loop<CR>`) against `data` and returns the final screen as text, one line per
/// row, trailing spaces trimmed. Keys after a quit are ignored. Sizes are clamped to 2000×1000.
public func replay(keys: String, data: InspectorData, width: Int, height: Int) -> String {
    // A screen larger than any terminal is clamped rather than allocated.
    let width = min(max(0, width), 2000), height = min(max(0, height), 1000)
    let p = Program(data: data, width: width, height: height)
    for k in Key.parse(keys) {
        if p.model.quit { break }
        p.send(.key(k))
    }
    return p.render(width: width, height: height).text
}
