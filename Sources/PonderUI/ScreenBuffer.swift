/// One terminal cell. A wide glyph occupies its cell (width 2) and a continuation cell (width 0, empty text).
public struct Cell: Equatable, Sendable {
    public var text: String
    public var width: UInt8
    public var role: StyleRole
    public static let blank = Cell(text: " ", width: 1, role: .normal)
    public var isContinuation: Bool { width == 0 }
}

/// An in-memory grid of cells; `render` writes it, PonderTerminal diffs and paints it.
public struct ScreenBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return .blank }
        return cells[y * width + x]
    }

    private mutating func clearWide(at x: Int, _ y: Int) {
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(text: " ", width: 1, role: cells[i - 1].role) }
        if cells[i].width == 2, x + 1 < width { cells[i + 1] = Cell(text: " ", width: 1, role: cells[i + 1].role) }
    }

    /// Writes one glyph at (x, y) within columns `< limit`; returns the next x. A glyph that does
    /// not fit before `limit` is not drawn (a wide glyph is never half-drawn); the gap is blanked.
    @discardableResult
    public mutating func put(_ g: Glyph, x: Int, y: Int, role: StyleRole, limit: Int? = nil) -> Int {
        let lim = min(limit ?? width, width)
        guard y >= 0, y < height, x >= 0, g.width > 0 else { return x }
        if x + g.width > lim {
            for cx in x..<max(x, lim) { clearWide(at: cx, y); cells[y * width + cx] = Cell(text: " ", width: 1, role: role) }
            return lim
        }
        if g.width > 2 || (g.width == 2 && g.text.unicodeScalars.first.map { $0.value < 0x80 } == true) {
            // A multi-column visible form (^[, <U+202E>): one ASCII cell each.
            var cx = x
            for ch in g.text { clearWide(at: cx, y); cells[y * width + cx] = Cell(text: String(ch), width: 1, role: role); cx += 1 }
            return cx
        }
        clearWide(at: x, y)
        if g.width == 2 { clearWide(at: x + 1, y) }
        cells[y * width + x] = Cell(text: g.text, width: UInt8(g.width), role: role)
        if g.width == 2 { cells[y * width + x + 1] = Cell(text: "", width: 0, role: role) }
        return x + g.width
    }

    /// Writes `text` from (x, y), clipped at `limit` columns; returns the next x.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole = .normal, limit: Int? = nil) -> Int {
        var cx = x
        let lim = min(limit ?? width, width)
        for ch in text {
            if cx >= lim { break }
            cx = put(Width.glyph(ch), x: cx, y: y, role: role, limit: lim)
        }
        return cx
    }

    /// Fills a rectangle with blanks of `role`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, role: StyleRole) {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 {
            if x0 > 0 { clearWide(at: x0, yy) }
            if x1 < width { clearWide(at: x1, yy) }
            for xx in x0..<x1 { cells[yy * width + xx] = Cell(text: " ", width: 1, role: role) }
        }
    }

    /// Changes the role of existing cells (for highlighting a whole row).
    public mutating func setRole(_ role: StyleRole, x: Int, y: Int, width w: Int) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<min(width, max(x, x + w)) { cells[y * width + xx].role = role }
    }

    /// The screen as text lines (trailing spaces trimmed), as a user would see it.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width { s += cells[y * width + x].text }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    public var text: String { lines.joined(separator: "\n") }
}
