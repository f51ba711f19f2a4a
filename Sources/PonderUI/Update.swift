import Foundation
import PonderCore

/// The reducer: applies one event to the model and returns the I/O to perform. Pure.
public func update(_ m: inout Model, _ event: Event) -> [Command] {
    switch event {
    case .key(let key):
        return handleKey(&m, key)
    case let .mouse(x, y, kind):
        return handleMouse(&m, x: x, y: y, kind: kind)
    case let .resize(w, h):
        m.width = max(0, w); m.height = max(0, h)
        keepSelectionVisible(&m)
        return []
    case let .snapshot(columns, strings, progress, fileNames, facts):
        let grew = columns.count != m.columns.count
        let analysed = facts != m.facts
        let finished = progress.done && !m.progress.done
        m.columns = columns; m.strings = strings; m.progress = progress; m.fileNames = fileNames; m.facts = facts
        // The progress line that counted them goes away with loading: say so where it stays.
        if finished && progress.problems > 0 {
            setMessage(&m, "\(progress.problemsPhrase) (malformed lines or data): ponder stats lists them with their lines", error: true)
        }
        // Verdicts that need the whole dataset (outliers, duplicates, caps) arrive when loading ends.
        return grew || analysed || m.rows.isEmpty && columns.count > 0 ? [.computeRows] : []
    case let .rows(rows, unranged, failure):
        let shown = m.selectedTrace.map(Int32.init)
        let offset = m.selected - m.tableTop
        // The trace on screen when a filter first moves the selection is the one to come back to.
        if m.anchor == nil { m.anchor = shown }
        m.rows = rows
        m.unrangedRows = unranged
        refreshHistogram(&m)
        if let failure {
            m.filterError = failure
            m.mode = .input
            // The cursor waits where the error is, under the caret (both count scalars).
            m.input = InputLine(kind: .filter, text: m.failedExpression ?? "", cursor: failure.column)
            // The filter that worked stays in force (these rows were computed without one).
            if m.expression != m.appliedExpression {
                m.expression = m.appliedExpression
                return [.computeRows]
            }
            m.expression = nil
            m.appliedExpression = nil
        } else {
            m.appliedExpression = m.expression
        }
        m.selected = reselect(m, shown: shown)
        // The selected row stays where it was on screen, as far as the table allows.
        m.tableTop = max(0, m.selected - offset)
        keepSelectionVisible(&m)
        if let t = m.selectedTrace, t != m.current?.trace { m.scroll = [:]; m.searchAt = nil; return [.loadTrace(t)] }
        if m.selectedTrace == nil { m.current = nil }
        return []
    case .traceLoaded(let loaded):
        guard loaded.trace == m.selectedTrace else { return [] }
        m.current = loaded
        if m.jumpToSearchOnLoad {
            m.jumpToSearchOnLoad = false
            return jumpToMatch(&m, forward: true, including: true)
        }
        return []
    case let .found(trace, needle, searched):
        guard needle == m.search else { return [] }
        guard let trace, let i = m.rows.firstIndex(of: Int32(trace)) else {
            setMessage(&m, "“\(needle)” not found in the next \(searched) traces", error: true)
            return []
        }
        m.jumpToSearchOnLoad = true
        let cmds = select(&m, i)
        if cmds.isEmpty {
            // The only match is in this trace: wrap to its first match.
            m.jumpToSearchOnLoad = false
            m.scroll = [:]; m.searchAt = nil
            return jumpToMatch(&m, forward: true, including: true)
        }
        return cmds
    case let .flagsLoaded(trace, labels, note, forNote):
        m.flagPicker = FlagPicker(trace: trace, chosen: Set(labels))
        if forNote {
            m.mode = .input
            m.input = InputLine(kind: .note(trace: trace), text: note ?? "")
        } else {
            m.mode = .flagPicker
        }
        return []
    case .flagsSaved(_, let file):
        // Where: with several files open, flags go beside the first one named.
        setMessage(&m, file.map { "flags saved in \(($0 as NSString).lastPathComponent)" } ?? "flags saved")
        return m.flaggedOnly ? [.computeRows] : []
    case .failed(let text):
        setMessage(&m, text, error: true)
        return []
    case .info(let text):
        setMessage(&m, text)
        return []
    }
}

func setMessage(_ m: inout Model, _ text: String?, error: Bool = false) {
    m.message = text
    m.messageIsError = error
}

func layout(_ m: Model) -> ScreenLayout {
    ScreenLayout(width: m.width, height: m.height, zoomed: m.zoomed, focus: m.focus)
}

/// Rows of traces the table shows at once.
func tableCapacity(_ m: Model) -> Int { max(1, layout(m).table.height - 1) }

func keepSelectionVisible(_ m: inout Model) {
    let cap = tableCapacity(m)
    if m.selected < m.tableTop { m.tableTop = m.selected }
    if m.selected >= m.tableTop + cap { m.tableTop = m.selected - cap + 1 }
    m.tableTop = max(0, min(m.tableTop, max(0, m.rows.count - cap)))
}

/// The row to select in new rows: the trace the user chose last when it is there, else the trace
/// shown until now when it still is, else the row nearest to where that trace would be.
func reselect(_ m: Model, shown: Int32?) -> Int {
    guard !m.rows.isEmpty else { return 0 }
    var present: Set<Int32> = []
    for t in [m.anchor, shown].compactMap({ $0 }) where !present.contains(t) {
        if let i = m.rows.firstIndex(of: t) { return i }
        present.insert(t)
    }
    guard let near = shown ?? m.anchor else { return min(m.selected, m.rows.count - 1) }
    return nearestRow(to: Int(near), in: m.rows, m.columns, m.strings, by: m.sort, descending: m.descending)
}

func select(_ m: inout Model, _ index: Int) -> [Command] {
    guard !m.rows.isEmpty else { return [] }
    let i = max(0, min(index, m.rows.count - 1))
    let changed = i != m.selected || m.current?.trace != Int(m.rows[i])
    m.selected = i
    m.anchor = m.rows[i]
    keepSelectionVisible(&m)
    guard changed, let t = m.selectedTrace else { return [] }
    m.scroll = [:]; m.searchAt = nil
    return [.loadTrace(t)]
}

/// The wrapped text of a pane of the current trace, at the pane's width.
public func wrapped(_ m: Model, _ p: Pane) -> WrappedText? {
    guard p != .table, let cur = m.current, let r = layout(m).panes[p], r.width > 0 else { return nil }
    return WrapCache.shared.wrapped(cur, p, width: r.width)
}

/// Memoises wrapping of the current trace's panes (a long reasoning is wrapped once per width,
/// not on every key). Keyed by content, so it never changes what `update` or `render` compute.
final class WrapCache: @unchecked Sendable {
    static let shared = WrapCache()
    private struct Key: Hashable { var trace: Int; var pane: Pane; var width: Int; var text: String }
    private var entries: [Key: WrappedText] = [:]
    private let lock = NSLock()

    func wrapped(_ cur: LoadedTrace, _ p: Pane, width: Int) -> WrappedText {
        let text = cur.paneText(p)
        let key = Key(trace: cur.trace, pane: p, width: width, text: text)
        lock.lock()
        if let w = entries[key] { lock.unlock(); return w }
        lock.unlock()
        let w = WrappedText(text, width: width)
        lock.lock()
        if entries.count > 32 { entries.removeAll() }
        entries[key] = w
        lock.unlock()
        return w
    }
}

func scrollPane(_ m: inout Model, _ p: Pane, by delta: Int? = nil, to target: Int? = nil) {
    let h = layout(m).contentHeight(p)
    let lines = wrapped(m, p)?.lines.count ?? 0
    let maxTop = max(0, lines - h)
    let now = m.scroll[p] ?? 0
    m.scroll[p] = max(0, min(maxTop, target ?? (now + (delta ?? 0))))
}

func move(_ m: inout Model, by delta: Int) -> [Command] {
    if m.focus == .table { return select(&m, m.selected + delta) }
    scrollPane(&m, m.focus, by: delta)
    return []
}

func pageSize(_ m: Model) -> Int {
    m.focus == .table ? tableCapacity(m) : max(1, layout(m).contentHeight(m.focus))
}

func handleKey(_ m: inout Model, _ key: Key) -> [Command] {
    if m.mode == .input, case .char(let c) = key, KeyMap.action(for: key, in: .input) == nil {
        m.input?.insert(c)
        return []
    }
    guard let action = KeyMap.action(for: key, in: m.mode) else { return [] }
    if m.mode == .browse || m.mode == .distribution, m.filterError == nil { setMessage(&m, nil) }
    return perform(&m, action)
}

/// Performs a named action, as a key would. Code and tests can call it directly.
public func perform(_ m: inout Model, _ action: Action) -> [Command] {
    if action == .forceQuit { m.quit = true; return [.quit] }
    switch m.mode {
    case .input: return performInput(&m, action)
    case .help: return performHelp(&m, action)
    case .distribution: return performDistribution(&m, action)
    case .flagPicker: return performPicker(&m, action)
    case .browse: break
    }
    switch action {
    case .moveDown: return move(&m, by: 1)
    case .moveUp: return move(&m, by: -1)
    case .pageDown: return move(&m, by: pageSize(m))
    case .pageUp: return move(&m, by: -pageSize(m))
    case .halfPageDown: return move(&m, by: max(1, pageSize(m) / 2))
    case .halfPageUp: return move(&m, by: -max(1, pageSize(m) / 2))
    case .top:
        if m.focus == .table { return select(&m, 0) }
        scrollPane(&m, m.focus, to: 0); return []
    case .bottom:
        if m.focus == .table { return select(&m, m.rows.count - 1) }
        scrollPane(&m, m.focus, to: Int.max / 2); return []
    case .focusNext:
        m.focus = Pane(rawValue: (m.focus.rawValue + 1) % 4) ?? .table; keepSelectionVisible(&m); return []
    case .focusPrevious:
        m.focus = Pane(rawValue: (m.focus.rawValue + 3) % 4) ?? .table; keepSelectionVisible(&m); return []
    case .zoom:
        m.zoomed.toggle(); keepSelectionVisible(&m); return []
    case .previousGeneration: return sibling(&m, -1)
    case .nextGeneration: return sibling(&m, 1)
    case .toggleMixed: return toggle(&m, .mixed)
    case .toggleInconsistent: return toggle(&m, .inconsistent)
    case .toggleLoop: return toggle(&m, .loop)
    case .toggleTruncated: return toggle(&m, .truncated)
    case .toggleOutlier: return toggle(&m, .outlier)
    case .toggleDuplicate: return toggle(&m, .duplicate)
    case .toggleFlagged: m.flaggedOnly.toggle(); return [.computeRows]
    case .clearFilters:
        m.verdictFilter = []; m.flaggedOnly = false; m.expression = nil; m.lengthRange = nil
        return [.computeRows]
    case .filterExpression:
        m.mode = .input; m.input = InputLine(kind: .filter, text: m.expression ?? ""); return []
    case .search:
        m.mode = .input; m.input = InputLine(kind: .search, text: ""); return []
    case .clearSearch: m.search = nil; setMessage(&m, nil); return []
    case .nextMatch: return jumpToMatch(&m, forward: true)
    case .previousMatch: return jumpToMatch(&m, forward: false)
    case .jumpToHighlight:
        guard let cur = m.current else { return [] }
        let starts = ([cur.highlights.loop].compactMap { $0 } + cur.highlights.foreign).map(\.lowerBound)
        guard let first = starts.min() else { setMessage(&m, "no highlighted span in this trace"); return [] }
        guard let w = wrapped(m, .reasoning) else { return [] }
        scrollPane(&m, .reasoning, to: w.line(containing: first))
        return []
    case .sortNext:
        let all = SortColumn.allCases
        m.sort = all[((all.firstIndex(of: m.sort) ?? 0) + 1) % all.count]
        return [.computeRows]
    case .sortReverse: m.descending.toggle(); return [.computeRows]
    case .help: m.mode = .help; m.helpScroll = 0; return []
    case .distribution:
        m.mode = .distribution
        refreshHistogram(&m)
        return []
    case .flag:
        guard let t = m.selectedTrace else { return [] }
        return [.loadFlags(trace: t, forNote: false)]
    case .note:
        guard let t = m.selectedTrace else { return [] }
        return [.loadFlags(trace: t, forNote: true)]
    case .export:
        guard !m.rows.isEmpty else { setMessage(&m, "nothing to export: no trace is visible", error: true); return [] }
        m.mode = .input
        m.input = InputLine(kind: .export, text: "")
        return []
    case .quit: m.quit = true; return [.quit]
    default: return []
    }
}

func toggle(_ m: inout Model, _ v: Verdicts) -> [Command] {
    if m.verdictFilter.contains(v) { m.verdictFilter.remove(v) } else { m.verdictFilter.insert(v) }
    return [.computeRows]
}

func sibling(_ m: inout Model, _ delta: Int) -> [Command] {
    guard let t = m.selectedTrace, t < m.columns.count else { return [] }
    let c = m.columns
    let want = Int(c.generation[t]) + delta
    guard want >= 0 else { setMessage(&m, "first generation of this record"); return [] }
    // Generations of one record are usually adjacent in the store; look nearby first.
    func isSibling(_ i: Int) -> Bool {
        c.file[i] == c.file[t] && c.record[i] == c.record[t] && Int(c.generation[i]) == want
    }
    guard let s = (max(0, t - 64)..<min(c.count, t + 65)).first(where: isSibling) ?? (0..<c.count).first(where: isSibling)
    else { setMessage(&m, delta > 0 ? "last generation of this record" : "first generation of this record"); return [] }
    if let i = m.rows.firstIndex(of: Int32(s)) { return select(&m, i) }
    setMessage(&m, "generation \(want) is hidden by the filters")
    return []
}

/// Scrolls to the next (or previous) matching line of the selected trace, in screen order (prompt,
/// reasoning, answer); past its last match, asks the runtime for the next trace that matches.
/// `including` accepts a match on the current line. The focus stays where it is: the pane that
/// holds the match scrolls to it.
func jumpToMatch(_ m: inout Model, forward: Bool, including: Bool = false) -> [Command] {
    guard let needle = m.search, !needle.isEmpty else { setMessage(&m, "no search: press /"); return [] }
    let order: [Pane] = [.prompt, .reasoning, .answer]
    let at = m.searchAt ?? (pane: forward ? .prompt : .answer, line: forward ? 0 : Int.max)
    let start = order.firstIndex(of: at.pane) ?? 0
    let panes = forward ? Array(order[start...]) : Array(order[...start].reversed())
    for p in panes {
        guard let w = wrapped(m, p) else { continue }
        let lines = Array(Set(matchRanges(of: needle, in: w.text).map { w.line(containing: $0.lowerBound) })).sorted()
        guard !lines.isEmpty else { continue }
        let target: Int?
        if p == at.pane {
            let now = at.line
            let inclusive = including || m.searchAt == nil
            target = forward ? lines.first(where: { inclusive ? $0 >= now : $0 > now })
                             : lines.last(where: { inclusive ? $0 <= now : $0 < now })
        } else {
            target = forward ? lines.first : lines.last
        }
        guard let target else { continue }
        scrollPane(&m, p, to: target)
        m.searchAt = (p, target)
        let n = lines.count
        setMessage(&m, "\(n) line\(n == 1 ? "" : "s") of the \(p.title.lowercased()) match “\(needle)”")
        return []
    }
    guard let t = m.selectedTrace else { return [] }
    return [.findTrace(needle, after: t, forward: forward)]
}

func performInput(_ m: inout Model, _ action: Action) -> [Command] {
    guard let input = m.input else { m.mode = .browse; return [] }
    switch action {
    case .deleteBackward: m.input?.deleteBackward(); return []
    case .deleteForward: m.input?.deleteForward(); return []
    case .cursorLeft: m.input?.cursor = max(0, input.cursor - 1); return []
    case .cursorRight: m.input?.cursor = min(input.scalarCount, input.cursor + 1); return []
    case .lineStart: m.input?.cursor = 0; return []
    case .lineEnd: m.input?.cursor = input.scalarCount; return []
    case .clearInput: m.input = InputLine(kind: input.kind, text: ""); return []
    case .historyPrevious, .historyNext:
        let history: [String]
        switch input.kind {
        case .filter: history = m.filterHistory
        case .search: history = m.searchHistory
        default: return []
        }
        guard !history.isEmpty else { return [] }
        let current = input.historyIndex ?? history.count
        let next = action == .historyPrevious ? max(0, current - 1) : current + 1
        let draft = input.historyIndex == nil ? input.text : input.draft ?? ""
        guard next < history.count else { m.input = InputLine(kind: input.kind, text: draft); return [] }
        var line = InputLine(kind: input.kind, text: history[next])
        line.historyIndex = next
        line.draft = draft
        m.input = line
        return []
    case .cancel:
        m.mode = .browse; m.input = nil; m.filterError = nil; m.flagPicker = nil; return []
    case .submit:
        m.mode = .browse; m.input = nil; m.filterError = nil
        let text = String(input.text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        switch input.kind {
        case .filter:
            m.expression = text.isEmpty ? nil : text
            m.failedExpression = m.expression
            if !text.isEmpty, m.filterHistory.last != text { m.filterHistory.append(text) }
            return [.computeRows]
        case .search:
            if !text.isEmpty, m.searchHistory.last != text { m.searchHistory.append(text) }
            m.search = text.isEmpty ? nil : text
            guard m.search != nil else { return [] }
            m.scroll = [:]; m.searchAt = nil
            return jumpToMatch(&m, forward: true, including: true)
        case .note(let trace):
            let change = m.flagPicker?.change(note: .some(text.isEmpty ? nil : text))
                ?? FlagChange(added: [], removed: [], note: .some(text.isEmpty ? nil : text))
            m.flagPicker = nil
            return [.saveFlags(trace: trace, change: change)]
        case .export:
            guard !text.isEmpty else { return [] }
            return [.export(path: text, rows: m.rows.sorted())]
        }
    default: return []
    }
}

func performHelp(_ m: inout Model, _ action: Action) -> [Command] {
    let page = max(1, m.height - 3)
    switch action {
    case .moveDown: m.helpScroll += 1
    case .moveUp: m.helpScroll -= 1
    case .pageDown: m.helpScroll += page
    case .pageUp: m.helpScroll -= page
    case .halfPageDown: m.helpScroll += page / 2
    case .halfPageUp: m.helpScroll -= page / 2
    case .top: m.helpScroll = 0
    case .bottom: m.helpScroll = helpLines().count
    case .close: m.mode = .browse
    default: break
    }
    m.helpScroll = max(0, min(m.helpScroll, max(0, helpLines().count - page)))
    return []
}

func performDistribution(_ m: inout Model, _ action: Action) -> [Command] {
    let count = m.histogram?.bins.count ?? 0
    switch action {
    case .moveDown: m.histogramBar = min(m.histogramBar + 1, max(0, count - 1))
    case .moveUp: m.histogramBar = max(0, m.histogramBar - 1)
    case .top: m.histogramBar = 0
    case .bottom: m.histogramBar = max(0, count - 1)
    case .switchHistogram:
        let hasTokens = m.columns.datasetTokens.contains { $0 >= 0 }
        let all = LengthMeasure.allCases.filter { $0 != .tokens || hasTokens }
        m.histogramMeasure = all[((all.firstIndex(of: m.histogramMeasure) ?? 0) + 1) % all.count]
        m.histogramBar = 0
    case .nextGroup, .previousGroup:
        let groups: [TraceGroup?] = [nil] + distributionGroups(m.columns, m.facts)
        guard groups.count > 1 else { setMessage(&m, "the data has no sources or domains"); return [] }
        let now = groups.firstIndex(of: m.histogramGroup) ?? 0
        m.histogramGroup = groups[(now + (action == .nextGroup ? 1 : groups.count - 1)) % groups.count]
        m.histogramBar = 0
    case .close:
        m.mode = .browse
    case .submit:
        guard let h = m.histogram, let range = h.range(ofBar: m.histogramBar) else { return [] }
        guard h.bins[m.histogramBar].count > 0 else { setMessage(&m, "this bar is empty"); return [] }
        m.mode = .browse
        m.lengthRange = range
        refreshHistogram(&m)
        return [.computeRows]
    default: return []
    }
    refreshHistogram(&m)
    return []
}

func performPicker(_ m: inout Model, _ action: Action) -> [Command] {
    guard var p = m.flagPicker else { m.mode = .browse; return [] }
    let n = FlagPicker.labels.count
    switch action {
    case .moveDown: p.cursor = (p.cursor + 1) % n
    case .moveUp: p.cursor = (p.cursor + n - 1) % n
    case .toggleLabel:
        let l = FlagPicker.labels[p.cursor]
        if p.chosen.contains(l) { p.chosen.remove(l) } else { p.chosen.insert(l) }
    case .cancel: m.mode = .browse; m.flagPicker = nil; return []
    case .submit:
        m.mode = .browse; m.flagPicker = nil
        return [.saveFlags(trace: p.trace, change: p.change())]
    default: break
    }
    m.flagPicker = p
    return []
}

func handleMouse(_ m: inout Model, x: Int, y: Int, kind: MouseKind) -> [Command] {
    if m.mode == .help && kind != .click { return perform(&m, kind == .wheelUp ? .moveUp : .moveDown) }
    guard m.mode == .browse else { return [] }
    let l = layout(m)
    if l.table.contains(x, y) {
        switch kind {
        case .wheelUp: return select(&m, m.selected - 3)
        case .wheelDown: return select(&m, m.selected + 3)
        case .click:
            m.focus = .table
            let row = y - l.table.y - 1
            return row >= 0 && m.tableTop + row < m.rows.count ? select(&m, m.tableTop + row) : []
        }
    }
    for (p, r) in l.panes where r.contains(x, y) {
        switch kind {
        case .wheelUp: scrollPane(&m, p, by: -3)
        case .wheelDown: scrollPane(&m, p, by: 3)
        case .click: m.focus = p
        }
    }
    return []
}
