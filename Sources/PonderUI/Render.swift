import Foundation
import PonderCore

/// Draws the whole screen for `model` into a new buffer of `width`×`height`. Reads only what is
/// on screen from `data` (flags of the visible rows). Never fails, at any size.
public func render(_ model: Model, _ data: InspectorData, width: Int, height: Int) -> ScreenBuffer {
    var m = model
    m.width = max(0, width); m.height = max(0, height)
    var buf = ScreenBuffer(width: m.width, height: m.height)
    guard m.width > 0, m.height > 0 else { return buf }
    let l = layout(m)
    drawHeader(&buf, m, data, l.header)
    switch m.mode {
    case .help:
        drawHelp(&buf, m, Rect(x: 0, y: 1, width: m.width, height: max(0, m.height - 2)))
    case .distribution:
        drawDistribution(&buf, m, Rect(x: 0, y: 1, width: m.width, height: max(0, m.height - 2)))
    default:
        drawTable(&buf, m, data, l.table)
        for p in [Pane.prompt, .reasoning, .answer] { drawPane(&buf, m, p, l.panes[p] ?? .zero) }
        if !m.zoomed, let r = l.panes[.prompt], r.height > 0 {
            for y in r.y..<(r.y + r.height) {
                buf.put("│", x: r.width, y: y, role: .dim)
                buf.put("│", x: 2 * r.width + 1, y: y, role: .dim)
            }
        }
        if m.mode == .flagPicker { drawPicker(&buf, m) }
    }
    drawStatus(&buf, m, l.status)
    return buf
}

/// Where a trace comes from, as `ponder check` prints it: `file:line#generation`, the line 1-based
/// and the generation 0-based (as `ponder scan` reports `generation`).
func location(_ m: Model, _ t: Int) -> String {
    let c = m.columns
    guard t >= 0, t < c.count else { return "?" }
    let f = Int(c.file[t])
    let name = m.fileNames.indices.contains(f) ? (m.fileNames[f] as NSString).lastPathComponent : "?"
    return "\(name):\(c.line[t])#\(c.generation[t])"
}

/// The share of foreign letters in 4 columns: a mixed trace never reads "0%" (a few foreign
/// letters in a long reasoning are a fraction of a percent).
func mixLabel(_ mix: Float) -> String {
    guard mix > 0 else { return "" }
    if mix < 0.001 { return "<.1%" }
    if mix < 0.0995 { return String(format: "%.1f%%", mix * 100) }
    return String(format: "%.0f%%", mix * 100)
}

/// 1234 → "1234", 12345 → "12.3k", 1234567 → "1.2m".
func compact(_ n: Int32) -> String {
    if n < 0 { return "–" }
    if n < 10_000 { return String(n) }
    if n < 1_000_000 { return String(format: "%.1fk", Double(n) / 1000) }
    return String(format: "%.1fm", Double(n) / 1_000_000)
}

func filterSummary(_ m: Model) -> String {
    var parts: [String] = []
    for (name, v) in Verdicts.named where m.verdictFilter.contains(v) { parts.append(name) }
    if m.flaggedOnly { parts.append("flagged") }
    if let r = m.lengthRange {
        var text = "\(r.measure.rawValue) \(rangeLabel(r.range))"
        if let g = r.group { text += " in \(g.name(m.strings))" }
        parts.append(text)
    }
    if let e = m.expression { parts.append(":\(e)") }
    return parts.joined(separator: " ")
}

func drawHeader(_ buf: inout ScreenBuffer, _ m: Model, _ data: InspectorData, _ r: Rect) {
    guard r.height > 0 else { return }
    buf.fill(x: 0, y: r.y, width: r.width, height: 1, role: .header)
    var s = " Ponder  \(m.rows.count) of \(m.columns.count) traces"
    let f = filterSummary(m)
    if !f.isEmpty { s += "  filter: \(f)" }
    if m.sort != .position || m.descending { s += "  sort: \(m.sort.rawValue) \(m.descending ? "↓" : "↑")" }
    if let q = m.search { s += "  /\(q)" }
    let x = buf.put(s, x: 0, y: r.y, role: .header, limit: r.width)
    // The selected trace's metadata, right-aligned; the least telling items go first when it
    // does not fit (before, a long line vanished whole).
    if let t = m.selectedTrace, t < m.columns.count {
        let c = m.columns
        var meta: [(rank: Int, text: String)] = []
        if let v = m.strings.string(c.source[t]) { meta.append((0, v)) }
        if let v = m.strings.string(c.domain[t]) { meta.append((5, v)) }
        if let v = m.strings.string(c.model[t]) { meta.append((7, v)) }
        meta.append((1, "gen \(c.generation[t])"))
        if let v = m.strings.string(c.finishReason[t]) { meta.append((4, "finish \(v)")) }
        if let why = TruncationReason(rawValue: c.truncation[t]), why != .none { meta.append((2, "truncated: \(why.name)")) }
        if c.correct[t] == 1 { meta.append((3, "correct")) } else if c.correct[t] == 0 { meta.append((3, "incorrect")) }
        if c.duplicateGroup[t] >= 0 { meta.append((6, "dup group \(c.duplicateGroup[t])")) }
        // The note written with `e` shows nowhere else.
        if let note = data.flags(of: t)?.note, !note.isEmpty {
            meta.insert((2, "note: " + Width.truncate(note.replacingOccurrences(of: "\n", with: " "), to: 40)), at: 0)
        }
        while !meta.isEmpty {
            let text = meta.map(\.text).joined(separator: " · ") + " "
            let w = Width.of(text)
            if x + 2 + w <= r.width { buf.put(text, x: r.width - w, y: r.y, role: .header); break }
            if let worst = meta.indices.max(by: { meta[$0].rank < meta[$1].rank }) { meta.remove(at: worst) }
        }
    }
}

/// Marks the focused pane's title (the table's first title cell), so focus shows without colour.
let focusMark = "▸"

struct TableColumn {
    var title: String
    var width: Int
    var right: Bool
    var value: (Int) -> String
}

func drawTable(_ buf: inout ScreenBuffer, _ m: Model, _ data: InspectorData, _ r: Rect) {
    guard r.height > 0, r.width > 0 else { return }
    let c = m.columns
    func source(_ i: Int) -> String {
        if let s = m.strings.string(c.source[i]) { return s }
        let f = Int(c.file[i])
        let name = m.fileNames.indices.contains(f) ? (m.fileNames[f] as NSString).lastPathComponent : "?"
        return "\(name):\(c.line[i])"
    }
    func marks(_ i: Int) -> String {
        let v = c.verdicts[i]
        var s = ""
        // One letter per one-key filter, in the keys' order (m i l t o d).
        for (ch, bit) in [("M", Verdicts.mixed), ("I", .inconsistent), ("L", .loop), ("T", .truncated), ("O", .outlier),
                          ("D", .duplicate)] {
            s += v.contains(bit) ? ch : "·"
        }
        if let f = data.flags(of: i), !f.labels.isEmpty || f.note != nil {
            s += " ⚑" + (f.labels.isEmpty ? "note" : f.labels.joined(separator: ","))
        }
        return s
    }
    /// The prompt's language, and where the reasoning strays from it, its language and the share
    /// of its words in the prompt's ("de→en 0%"); blank with `--no-language`.
    func language(_ i: Int) -> String {
        let share = c.consistency[i]
        guard !share.isNaN else { return "" }
        let prompt = m.strings.string(c.promptLang[i]), top = m.strings.string(c.reasoningLang[i])
        guard let p = prompt ?? top else { return "" }
        if share >= 0.995 { return p }
        let pct = "\(Int((share * 100).rounded(.down)))%"
        if let top, top != p { return "\(p)→\(top) \(pct)" }
        return "\(p) \(pct)"
    }
    var cols: [TableColumn] = [
        TableColumn(title: "#", width: 6, right: true) { String($0 + 1) },
        TableColumn(title: "source", width: 0, right: false, value: source),
        TableColumn(title: "prompt", width: 6, right: true) { compact(c.promptChars[$0]) },
        TableColumn(title: "reason", width: 6, right: true) { compact(c.reasoningChars[$0]) },
        TableColumn(title: "answer", width: 6, right: true) { compact(c.answerChars[$0]) },
        TableColumn(title: "tokens", width: 6, right: true) { compact(c.reasoningTokens[$0]) },
        TableColumn(title: "mix", width: 4, right: true) { mixLabel(c.mix[$0]) },
        TableColumn(title: "lang", width: 10, right: false, value: language),
        TableColumn(title: "loop", width: 5, right: true) { c.loopCopies[$0] > 1 ? "×\(c.loopCopies[$0])" : "" },
        TableColumn(title: "flags", width: 14, right: false, value: marks),
        // `+ 0` turns -0.0 (a z that rounds to zero from below) into 0.0.
        TableColumn(title: "z", width: 5, right: true) { String(format: "%.1f", (c.lengthZ[$0] * 10).rounded() / 10 + 0) },
        TableColumn(title: "gen", width: 3, right: true) { String(c.generation[$0]) },
        TableColumn(title: "finish", width: 8, right: false) { m.strings.string(c.finishReason[$0]) ?? "" },
        TableColumn(title: "model", width: 16, right: false) { m.strings.string(c.model[$0]) ?? "" },
        TableColumn(title: "location", width: 18, right: false) { location(m, $0) },
    ]
    // Drop columns from the right of the figures until the source column gets at least 8.
    let dropOrder = ["location", "model", "finish", "gen", "z", "tokens", "lang", "loop", "mix", "prompt", "answer", "flags", "reason", "#"]
    var drop = 0
    func fixed() -> Int { cols.filter { $0.title != "source" }.reduce(0) { $0 + $1.width + 1 } }
    while r.width - fixed() < 16 && drop < dropOrder.count {
        cols.removeAll { $0.title == dropOrder[drop] }
        drop += 1
    }
    if let s = cols.firstIndex(where: { $0.title == "source" }) { cols[s].width = max(1, min(40, r.width - fixed())) }

    let titleRole: StyleRole = m.focus == .table ? .focusedTitle : .title
    buf.fill(x: r.x, y: r.y, width: r.width, height: 1, role: titleRole)
    var x = r.x
    for col in cols {
        buf.put(Width.pad(col.title, to: col.width, alignRight: col.right), x: x, y: r.y, role: titleRole, limit: r.x + r.width)
        x += col.width + 1
    }
    if m.focus == .table, cols.first?.title == "#" { buf.put(focusMark, x: r.x, y: r.y, role: titleRole, limit: r.x + r.width) }
    if m.rows.isEmpty, r.height > 1 {
        let text = m.columns.count == 0 ? (m.progress.done ? "no traces" : "loading…") : "no traces match the filters (x clears them)"
        buf.put(text, x: r.x + 1, y: r.y + 1, role: .dim, limit: r.x + r.width)
    }
    for row in 0..<max(0, r.height - 1) {
        let ri = m.tableTop + row
        guard ri < m.rows.count else { break }
        let t = Int(m.rows[ri])
        guard t >= 0, t < c.count else { continue }
        let y = r.y + 1 + row
        let selected = ri == m.selected
        var x = r.x
        for col in cols {
            var role: StyleRole = selected ? .selection : .normal
            if !selected && col.title == "flags" && data.flags(of: t) != nil { role = .flagged }
            if selected { buf.fill(x: x, y: y, width: col.width + 1, height: 1, role: .selection) }
            buf.put(Width.pad(col.value(t), to: col.width, alignRight: col.right), x: x, y: y, role: role, limit: min(r.x + r.width, x + col.width))
            x += col.width + 1
        }
        if selected { buf.setRole(.selection, x: r.x, y: y, width: r.width) }
    }
}

func drawPane(_ buf: inout ScreenBuffer, _ m: Model, _ p: Pane, _ r: Rect) {
    guard r.height > 0, r.width > 0 else { return }
    let titleRole: StyleRole = m.focus == p ? .focusedTitle : .title
    buf.fill(x: r.x, y: r.y, width: r.width, height: 1, role: titleRole)
    // The focused pane is marked in text as well as colour (and under NO_COLOR).
    var title = (m.focus == p ? focusMark : " ") + p.title
    if let cur = m.current {
        let n = (p == .answer ? cur.text.answer : cur.paneText(p)).unicodeScalars.count
        title += "  \(n) char\(n == 1 ? "" : "s")"
        if p == .answer, cur.text.gold != nil { title += " +gold" }
    }
    buf.put(title, x: r.x, y: r.y, role: titleRole, limit: r.x + r.width)
    guard r.height > 1 else { return }
    guard let cur = m.current, let w = wrapped(m, p) else {
        if m.selectedTrace != nil { buf.put("loading…", x: r.x, y: r.y + 1, role: .dim, limit: r.x + r.width) }
        return
    }
    if cur.paneText(p).isEmpty {
        let why: String
        switch p {
        case .reasoning: why = cur.text.emptyThink ? "(empty think block)" : cur.text.hasReasoningSlot ? "(no reasoning)" : "(this layout has no reasoning)"
        case .answer: why = cur.text.unclosedThink ? "(no answer: the think block was never closed)" : "(no answer)"
        default: why = "(empty)"
        }
        buf.put(why, x: r.x, y: r.y + 1, role: .dim, limit: r.x + r.width)
        return
    }
    // Highlight spans, lowest priority first.
    var spans: [(Range<Int>, StyleRole)] = []
    if p == .reasoning {
        spans += cur.highlights.foreign.map { ($0, .foreignSpan) }
        if let loop = cur.highlights.loop { spans.append((loop, .loopSpan)) }
    }
    if p == .answer, !cur.text.answer.isEmpty || cur.text.gold != nil {
        let a = cur.text.answer.utf8.count
        if w.text.utf8.count > a { spans.append((a..<w.text.utf8.count, .gold)) }
    }
    if let q = m.search { spans += matchRanges(of: q, in: w.text).map { ($0, .searchMatch) } }
    let height = r.height - 1
    let top = max(0, min(m.scroll[p] ?? 0, max(0, w.lines.count - height)))
    // Only the spans that touch the visible lines.
    if top < w.lines.count {
        let visible = w.lines[top].lowerBound..<w.lines[min(w.lines.count - 1, top + max(0, height - 1))].upperBound
        spans = spans.filter { $0.0.overlaps(visible) || ($0.0.isEmpty == false && visible.isEmpty && $0.0.contains(visible.lowerBound)) }
    }
    for row in 0..<height {
        let li = top + row
        guard li < w.lines.count else { break }
        let range = w.lines[li]
        var offset = range.lowerBound
        var x = r.x
        for ch in w.substring(range) {
            var role = StyleRole.normal
            for (s, sr) in spans where s.contains(offset) { role = sr }
            x = buf.put(Width.glyph(ch), x: x, y: r.y + 1 + row, role: role, limit: r.x + r.width)
            offset += ch.utf8.count
            if x >= r.x + r.width { break }
        }
    }
    if w.lines.count > height, height > 0 {
        let pct = Int(Double(top + height) / Double(w.lines.count) * 100)
        let tag = " \(min(100, pct))%"
        buf.put(tag, x: r.x + r.width - tag.count, y: r.y, role: titleRole, limit: r.x + r.width)
    }
}

/// What the table's columns and marks mean (on the help screen).
let tableLegend = [
    "flags: M mixed, L loop, T truncated, O length outlier, D duplicate prompt",
    "       ⚑ your labels (f); · none",
    "prompt, reason, answer: characters; tokens: estimated reasoning tokens",
    "mix: reasoning letters in scripts the prompt does not use; loop: copies",
    "lang: the prompt's language; de→en 40% when the reasoning strays (CLD2)",
    "z: robust z of log reasoning length in its source; gen: generation from 0",
]

/// The help screen's lines, built from the key map.
public func helpLines() -> [String] {
    var out = ["Keys (Esc, q or ? closes)", ""]
    var categories: [String] = []
    for b in KeyMap.bindings(in: .browse) where !categories.contains(b.category) { categories.append(b.category) }
    for c in categories {
        out.append(c)
        for b in KeyMap.bindings(in: .browse) where b.category == c {
            out.append("  " + Width.pad(b.keys.map(\.label).joined(separator: ", "), to: 16) + " " + b.help)
        }
        out.append("")
    }
    out.append("Several filters together keep the traces that match all of them.")
    out.append("")
    out.append("Table columns")
    for line in tableLegend { out.append("  " + line) }
    out.append("")
    out.append("Generations count from 0, as in ponder scan and check (file:line#generation).")
    out.append("")
    let screens: [(Mode, String)] = [(.input, "Typing a filter, search or note"), (.flagPicker, "Flag picker"),
                                     (.distribution, "Distribution view"), (.help, "This help")]
    for (mode, title) in screens {
        out.append(title)
        for b in KeyMap.bindings(in: mode) {
            out.append("  " + Width.pad(b.keys.map(\.label).joined(separator: ", "), to: 16) + " " + b.help)
        }
        out.append("")
    }
    return out
}

func drawHelp(_ buf: inout ScreenBuffer, _ m: Model, _ r: Rect) {
    let lines = helpLines()
    for row in 0..<max(0, r.height) {
        let i = m.helpScroll + row
        guard i < lines.count else { break }
        let isCategory = !lines[i].hasPrefix(" ") && !lines[i].isEmpty && i > 1 && !lines[i].hasSuffix(".")
        buf.put(lines[i], x: r.x + 1, y: r.y + row, role: isCategory ? .title : .normal, limit: r.x + r.width)
    }
}

/// "1234", "12.1k–24.3k": a bar's lengths (both ends included).
func rangeLabel(_ r: ClosedRange<Int32>) -> String {
    r.lowerBound == r.upperBound ? compact(r.lowerBound) : "\(compact(r.lowerBound))–\(compact(r.upperBound))"
}

/// 1234567 → "1,234,567": exact figures where the view states a threshold or a cap.
func grouped(_ n: Int32) -> String {
    let s = String(n)
    var out = ""
    for (i, ch) in s.reversed().enumerated() {
        if i > 0 && i % 3 == 0 && ch != "-" { out.append(",") }
        out.append(ch)
    }
    return String(out.reversed())
}

func percent(_ part: Int, of whole: Int) -> String {
    guard whole > 0 else { return "0%" }
    let p = Double(part) * 100 / Double(whole)
    return p > 0 && p < 10 ? String(format: "%.1f%%", p) : String(format: "%.0f%%", p)
}

func drawDistribution(_ buf: inout ScreenBuffer, _ m: Model, _ r: Rect) {
    guard r.height > 0, let h = m.histogram else { return }
    let right = r.x + r.width
    let groupName = h.group.map { $0.name(m.strings) } ?? "all \(m.facts.outliers?.bySource == false ? "domains" : "sources")"
    var title = " \(h.measure.title), log scale · \(groupName) · \(h.traces) traces"
    if h.missing > 0 { title += " (\(h.missing) without)" }
    buf.put(title, x: r.x, y: r.y, role: .title, limit: right)
    var lines: [(String, StyleRole)] = []
    let z = String(format: "%g", m.facts.outlierZ)
    switch h.measure {
    case .reasoning:
        if !m.progress.done {
            lines.append((" outliers are judged when loading ends", .dim))
        } else if let n = h.normal {
            let within = h.judgedBy.map { "within \($0.name(m.strings))" } ?? "over all traces"
            lines.append((" outliers: below \(grouped(n.lowerBound)) or above \(grouped(n.upperBound)) chars (|z| > \(z) \(within))", .threshold))
        } else if m.facts.outliers != nil {
            let group = m.facts.outliers?.bySource == false ? "domain" : "source"
            lines.append((" outliers are judged within each \(group) (] shows one); bars count them", .threshold))
        }
    case .answer:
        lines.append((" outliers are judged on reasoning length; bars count them", .dim))
    case .tokens:
        let caps = m.facts.caps
        if h.traces == 0 {
            lines.append((" these traces report no token counts", .dim))
        } else if caps.isEmpty {
            lines.append((m.progress.done ? " no generation cap: no length at the top holds 1% of the traces" : " caps are found when loading ends", .dim))
        } else {
            lines.append((" generation caps (where traces pile up at the top): \(caps.map(grouped).joined(separator: ", ")) tokens", .threshold))
        }
    }
    // The share each detector flags, on as many lines as it takes (at most two).
    var share = " flagged:"
    for item in h.shares.filter({ $0.count > 0 }).map({ " \($0.name) \(percent($0.count, of: h.traces))" }) {
        if Width.of(share + item) > r.width - 1, lines.count < 3 {
            lines.append((share, .dim))
            share = "         "
        }
        share += item
    }
    if share.count > 9 { lines.append((share, .dim)) }
    var y = r.y + 1
    for (text, role) in lines where y < r.y + r.height {
        buf.put(text, x: r.x, y: y, role: role, limit: right)
        y += 1
    }

    // Bars, with the thresholds drawn as rules between them.
    enum Row { case bin(Int), rule(String) }
    var rows: [Row] = []
    for (i, b) in h.bins.enumerated() {
        if let n = h.normal, b.low == n.lowerBound, i > 0, h.bins[i - 1].beyond {
            rows.append(.rule("below \(grouped(n.lowerBound)) \(h.measure.unit): outliers"))
        }
        rows.append(.bin(i))
        if let n = h.normal, b.high == n.upperBound, i + 1 < h.bins.count {
            rows.append(.rule("above \(grouped(n.upperBound)) \(h.measure.unit): outliers"))
        }
    }
    let height = r.y + r.height - y
    guard height > 0 else { return }
    let selectedRow = rows.firstIndex { if case .bin(let i) = $0 { return i == m.histogramBar } else { return false } } ?? 0
    let first = max(0, min(selectedRow - height + 1, rows.count - height))
    let maxCount = max(1, h.bins.map(\.count).max() ?? 1)
    let labelW = 16
    let countW = 28
    let barW = max(1, r.width - labelW - 2 - countW)
    for (k, row) in rows[first...].enumerated() {
        let yy = y + k
        guard yy < r.y + r.height else { break }
        switch row {
        case .rule(let text):
            let rule = String(repeating: "─", count: max(0, labelW - 1)) + " " + text + " "
            buf.put(" " + rule + String(repeating: "─", count: max(0, r.width - Width.of(rule) - 1)),
                    x: r.x, y: yy, role: .threshold, limit: right)
        case .bin(let i):
            let b = h.bins[i]
            let sel = i == m.histogramBar
            let label = Width.pad(b.cap ? "= \(compact(b.low))" : rangeLabel(b.low...b.high), to: labelW - 1, alignRight: true)
            // The selected bar is marked in text as well as colour, as the focused pane is.
            var x = buf.put((sel ? focusMark : " ") + label + " ", x: r.x, y: yy, role: sel ? .selection : .normal, limit: right)
            let len = b.count == 0 ? 0 : max(1, b.count * barW / maxCount)
            let outLen = b.outliers == 0 ? 0 : max(1, b.outliers * len / max(1, b.count))
            x = buf.put(String(repeating: "█", count: outLen), x: x, y: yy, role: sel ? .barSelected : .threshold, limit: right)
            x = buf.put(String(repeating: "█", count: len - outLen), x: x, y: yy, role: sel ? .barSelected : .bar, limit: right)
            var note = " \(b.count)"
            if b.outliers > 0 { note += " · \(b.outliers) outlier\(b.outliers == 1 ? "" : "s")" }
            if b.cap { note += " · generation cap" }
            if b.low == 0 && b.high == 0 && h.measure == .reasoning { note += " · no reasoning" }
            buf.put(note, x: x, y: yy, role: sel ? .selection : (b.outliers > 0 || b.cap ? .threshold : .dim), limit: right)
        }
    }
}

func drawPicker(_ buf: inout ScreenBuffer, _ m: Model) {
    guard let p = m.flagPicker else { return }
    let w = min(28, m.width), h = min(FlagPicker.labels.count + 2, max(1, m.height - 1))   // above the status line
    let x0 = max(0, (m.width - w) / 2), y0 = max(0, (m.height - h) / 2)
    buf.fill(x: x0, y: y0, width: w, height: h, role: .input)
    buf.put(" Flag \(location(m, p.trace))", x: x0, y: y0, role: .focusedTitle, limit: x0 + w)
    // On a screen too short for every label, the list scrolls to keep the cursor's label in view.
    let rows = max(0, h - 1)
    let first = max(0, p.cursor - rows + 1)
    for (i, label) in FlagPicker.labels.enumerated() where i >= first && i - first < rows {
        let mark = p.chosen.contains(label) ? "[x]" : "[ ]"
        buf.put(" \(mark) \(label)", x: x0, y: y0 + 1 + i - first, role: i == p.cursor ? .selection : .input, limit: x0 + w)
    }
}

func drawStatus(_ buf: inout ScreenBuffer, _ m: Model, _ r: Rect) {
    guard r.height > 0 else { return }
    buf.fill(x: 0, y: r.y, width: r.width, height: 1, role: .status)
    if let input = m.input, m.mode == .input {
        let prefix: String
        switch input.kind {
        case .filter: prefix = ":"
        case .search: prefix = "/"
        case .note(let t): prefix = "note for \(location(m, t)): "
        case .export: prefix = "export \(m.rows.count) visible traces to: "
        }
        buf.fill(x: 0, y: r.y, width: r.width, height: 1, role: .input)
        // The cursor is the character under it in reverse (a block at the end); a line wider than
        // the screen scrolls to keep the cursor in view.
        let (typed, after) = input.split
        var before = prefix + typed
        let fullWidth = Width.of(before)
        while Width.of(before) + 1 > r.width - 1, !before.isEmpty { before.removeFirst() }
        let scrolled = fullWidth - Width.of(before)
        var x = buf.put(before, x: 0, y: r.y, role: .input)
        if let under = after.first {
            x = buf.put(String(under), x: x, y: r.y, role: .selection)
            buf.put(String(after.dropFirst()), x: x, y: r.y, role: .input, limit: r.width)
        } else {
            buf.put("█", x: x, y: r.y, role: .input)
        }
        if let err = m.filterError, r.y > 0, case .filter = input.kind {
            // Under the error's character, as the line is shown (scrolled, wide characters counted).
            let column = String(input.text.unicodeScalars.prefix(max(0, err.column)))
            let caretX = max(0, Width.of(prefix + column) - scrolled)
            buf.fill(x: 0, y: r.y - 1, width: r.width, height: 1, role: .error)
            let msg = caretX + 3 < r.width ? String(repeating: " ", count: caretX) + "^ " + err.message : err.message
            buf.put(msg, x: 0, y: r.y - 1, role: .error)
        }
        return
    }
    var left = " "
    if let t = m.selectedTrace {
        left += "\(m.selected + 1)/\(m.rows.count)  \(location(m, t))  "
    } else if let f = m.fileNames.first {
        left += (f as NSString).lastPathComponent + (m.fileNames.count > 1 ? " +\(m.fileNames.count - 1)" : "") + "  "
    }
    var x = buf.put(left, x: 0, y: r.y, role: .status)
    if !m.progress.done {
        let n = 10, filled = max(0, min(n, Int(m.progress.fraction * Double(n))))
        x = buf.put("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: n - filled) + "] \(m.progress.fraction < 0.1 ? String(format: "%.1f", m.progress.fraction * 100) : String(Int(m.progress.fraction * 100)))% \(m.progress.message)\(m.progress.problems > 0 ? " · \(m.progress.problemsPhrase) (ponder stats lists them)" : "")  ",
                    x: x, y: r.y, role: .status)
    }
    if let msg = m.message {
        x = buf.put(msg + "  ", x: x, y: r.y, role: m.messageIsError ? .error : .status)
    }
    // The keys that matter now, as many as fit, most important first.
    var keys = ""
    let first: [Action] = [.help, .quit, .close]
    let essentials = KeyMap.bindings(in: m.mode).filter(\.essential)
    for b in essentials.filter({ first.contains($0.action) }) + essentials.filter({ !first.contains($0.action) }) {
        let item = "\(b.keys[0].label) \(b.label)  "
        if x + Width.of(keys + item) > r.width { break }
        keys += item
    }
    if !keys.isEmpty { buf.put(keys, x: r.width - Width.of(keys), y: r.y, role: .status) }
}
