import CNcursesw
import Foundation
import PonderUI

/// Paints `ScreenBuffer`s with ncursesw: only the cells that changed, the cursor positioned
/// explicitly before each run so a width disagreement with the C library never accumulates.
final class Painter {
    private var previous: ScreenBuffer? = nil
    private let palette: Palette

    init(palette: Palette) { self.palette = palette }

    func invalidate() { previous = nil }

    func paint(_ next: ScreenBuffer) {
        let old = previous.flatMap { $0.width == next.width && $0.height == next.height ? $0 : nil }
        if old == nil { wclear(ponder_stdscr()) }
        for y in 0..<next.height {
            var x = 0
            while x < next.width {
                guard old == nil || changed(old!, next, x, y) else { x += 1; continue }
                // A run of changed cells with one role, starting on a lead cell.
                var start = x
                while start > 0 && next[start, y].isContinuation { start -= 1 }
                let role = next[start, y].role
                var text = ""
                var end = start
                while end < next.width && next[end, y].role == role && (end == start || old == nil || changed(old!, next, end, y) || next[end, y].isContinuation) {
                    let cell = next[end, y]
                    text += cell.text
                    end += 1
                    // After a non-ASCII glyph, start a new run at an explicit position: the terminal
                    // may disagree on its width (ZWJ emoji), and the error must not shift the line.
                    if cell.text.utf8.contains(where: { $0 >= 0x80 }) {
                        while end < next.width && next[end, y].isContinuation { end += 1 }
                        break
                    }
                }
                let look = palette.look(role)
                text.withCString { ponder_draw(Int32(y), Int32(start), $0, look.attrs, look.pair) }
                x = max(end, x + 1)
            }
        }
        wrefresh(ponder_stdscr())
        previous = next
    }

    private func changed(_ a: ScreenBuffer, _ b: ScreenBuffer, _ x: Int, _ y: Int) -> Bool {
        a[x, y] != b[x, y] || (x + 1 < b.width && b[x + 1, y].isContinuation && a[x + 1, y] != b[x + 1, y])
    }
}

/// Maps ncurses input to inspector events.
func readEvent() -> Event? {
    var isFunction: Int32 = 0
    var ch: UInt32 = 0
    guard ponder_read_key(&isFunction, &ch) == 0 else { return nil }
    if isFunction != 0 {
        let code = Int32(bitPattern: ch)
        let keys: [(String, Key)] = [
            ("U", .up), ("D", .down), ("L", .left), ("R", .right), ("N", .pageDown), ("P", .pageUp),
            ("H", .home), ("EN", .end), ("EX", .enter), ("BT", .backTab), ("BS", .backspace), ("X", .delete),
        ]
        for (name, key) in keys where ponder_key(name) == code { return .key(key) }
        if code == ponder_key("RS") { return .resize(width: Int(ponder_cols()), height: Int(ponder_lines())) }
        if code == ponder_key("M") {
            var x: Int32 = 0, y: Int32 = 0
            var state: UInt = 0
            guard ponder_read_mouse(&x, &y, &state) == 0 else { return nil }
            let s = mmask_t(state)
            if s & ponder_button4_pressed() != 0 { return .mouse(x: Int(x), y: Int(y), kind: .wheelUp) }
            if s & ponder_button5_pressed() != 0 { return .mouse(x: Int(x), y: Int(y), kind: .wheelDown) }
            if s & ponder_button1_clicked() != 0 { return .mouse(x: Int(x), y: Int(y), kind: .click) }
        }
        return nil
    }
    switch ch {
    case 9: return .key(.tab)
    case 10, 13: return .key(.enter)
    case 27: return .key(.escape)
    case 8, 127: return .key(.backspace)
    case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(ch) + 96))))
    default:
        guard let s = Unicode.Scalar(ch), ch >= 32 else { return nil }
        return .key(.char(Character(s)))
    }
}

/// Runs the interactive inspector until the user quits, or Ctrl-C, SIGTERM or SIGHUP arrives.
/// The terminal is restored on every one of these paths (and, best effort, on a crash).
/// Returns the signal that ended it (0 when the user quit), so that the caller can end with that
/// signal's status once the terminal is restored.
/// Throws when standard input or output is not a terminal.
@discardableResult
public func runInspector(data: InspectorData) throws -> Int32 {
    guard isatty(0) != 0, isatty(1) != 0 else { throw TerminalError.notATerminal }
    setlocale(LC_ALL, "")
    ponder_save_tty()
    ponder_install_signal_handlers()
    guard initscr() != nil else {
        ponder_restore_signal_handlers()
        throw TerminalError.cannotInitialize
    }
    defer {
        endwin()
        ponder_restore_signal_handlers()
    }
    raw()
    noecho()
    keypad(ponder_stdscr(), true)
    curs_set(0)
    set_escdelay(25)
    mousemask(ponder_all_mouse_events(), nil)
    mouseinterval(0)
    wtimeout(ponder_stdscr(), 50)
    let color = has_colors() && ponder_no_color() == 0
    if color {
        start_color()
        use_default_colors()
    }
    let painter = Painter(palette: Palette(color: color))
    let program = Program(data: data, width: Int(ponder_cols()), height: Int(ponder_lines()))
    let latency = LatencyLog(path: ProcessInfo.processInfo.environment["PONDER_LATENCY_LOG"])
    var dirty = true
    var lastRefresh = ContinuousClock.now
    while ponder_pending_signal() == 0 && !program.model.quit {
        // Resizes: ask the kernel, and tell ncurses, so the screen always matches the window.
        var rows: Int32 = 0, cols: Int32 = 0
        if ponder_term_size(&rows, &cols) == 0, rows != ponder_lines() || cols != ponder_cols() {
            resizeterm(rows, cols)
            painter.invalidate()
            program.send(.resize(width: Int(cols), height: Int(rows)))
            dirty = true
        }
        // While loading, take a new snapshot a few times a second; keys are never blocked by it.
        if !program.model.progress.done, ContinuousClock.now - lastRefresh > .milliseconds(200) {
            lastRefresh = ContinuousClock.now
            let before = (program.model.columns.count, program.model.progress)
            program.refresh()
            if before.0 != program.model.columns.count || before.1 != program.model.progress { dirty = true }
            latency?.record("snapshot \(program.model.columns.count)", since: lastRefresh)
        }
        if dirty {
            let w = Int(ponder_cols()), h = Int(ponder_lines())
            painter.paint(program.render(width: w, height: h))
            dirty = false
        }
        guard let event = readEvent() else { continue }
        if case .resize = event { painter.invalidate() }
        let received = ContinuousClock.now
        program.send(event)
        // Paint at once: the key's effect is on screen before the next key is read.
        painter.paint(program.render(width: Int(ponder_cols()), height: Int(ponder_lines())))
        dirty = false
        if case .key(let k) = event { latency?.record("key \(k.notation)", since: received) }
    }
    return Int32(ponder_pending_signal())
}

public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal, cannotInitialize
    public var description: String {
        switch self {
        case .notATerminal: return "the inspector needs a terminal (use --keys … --dump-screen WxH for headless use)"
        case .cannotInitialize: return "cannot initialise the terminal (is TERM set?)"
        }
    }
}

/// `PONDER_LATENCY_LOG=FILE`: one line per key (and per loading snapshot) with the milliseconds
/// from reading it to the painted screen, for `scripts/ui_latency.sh`. Off unless set.
final class LatencyLog {
    private let file: UnsafeMutablePointer<FILE>

    init?(path: String?) {
        guard let path, !path.isEmpty, let f = fopen(path, "a") else { return nil }
        file = f
    }

    deinit { fclose(file) }

    func record(_ what: String, since start: ContinuousClock.Instant) {
        let d = ContinuousClock.now - start
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        fputs(what + "\t" + String(format: "%.2f", ms) + "\n", file)
        fflush(file)
    }
}
