/// A rectangle on the screen.
public struct Rect: Sendable, Equatable {
    public var x, y, width, height: Int
    public static let zero = Rect(x: 0, y: 0, width: 0, height: 0)
    public func contains(_ px: Int, _ py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }
}

/// Where each part of the screen goes, as a pure function of size, zoom and focus.
public struct ScreenLayout: Sendable, Equatable {
    public var header: Rect
    public var table: Rect
    public var panes: [Pane: Rect]
    public var status: Rect

    public init(width w: Int, height h: Int, zoomed: Bool, focus: Pane) {
        let w = max(0, w), h = max(0, h)
        header = Rect(x: 0, y: 0, width: w, height: min(1, h))
        status = h >= 2 ? Rect(x: 0, y: h - 1, width: w, height: 1) : .zero
        let bodyY = min(1, h)
        let bodyH = max(0, h - 2)
        panes = [:]
        if zoomed {
            table = focus == .table ? Rect(x: 0, y: bodyY, width: w, height: bodyH) : .zero
            for p in [Pane.prompt, .reasoning, .answer] {
                panes[p] = p == focus ? Rect(x: 0, y: bodyY, width: w, height: bodyH) : .zero
            }
            return
        }
        let tableH = bodyH < 6 ? bodyH : max(3, bodyH * 2 / 5)
        table = Rect(x: 0, y: bodyY, width: w, height: tableH)
        let panesH = bodyH - tableH
        let pw = max(0, (w - 2) / 3)
        let py = bodyY + tableH
        panes[.prompt] = Rect(x: 0, y: py, width: pw, height: panesH)
        panes[.reasoning] = Rect(x: pw + 1, y: py, width: pw, height: panesH)
        panes[.answer] = Rect(x: 2 * pw + 2, y: py, width: max(0, w - 2 * pw - 2), height: panesH)
    }

    /// Lines of text a pane shows (its first line is the title).
    public func contentHeight(_ p: Pane) -> Int { max(0, (panes[p]?.height ?? 0) - 1) }
}

/// Text wrapped at word boundaries into lines of at most `width` columns; lines are UTF-8 byte ranges.
public struct WrappedText: Sendable, Equatable {
    public var text: String
    public var lines: [Range<Int>]

    public init(_ text: String, width: Int) {
        self.text = text
        lines = []
        guard width > 0 else { return }
        var lineStart = 0, col = 0, offset = 0
        var lastSpaceEnd: Int? = nil, colAtSpace = 0
        // One grapheme cluster of `len` bytes and `w` columns.
        func place(_ len: Int, _ w: Int, newline: Bool, space: Bool) {
            if newline {
                lines.append(lineStart..<offset)
                offset += len; lineStart = offset; col = 0; lastSpaceEnd = nil
                return
            }
            if col + w > width && col > 0 {
                if let s = lastSpaceEnd, s > lineStart {
                    lines.append(lineStart..<s)
                    lineStart = s; col -= colAtSpace
                } else {
                    lines.append(lineStart..<offset)
                    lineStart = offset; col = 0
                }
                lastSpaceEnd = nil
            }
            col += w
            offset += len
            if space { lastSpaceEnd = offset; colAtSpace = col }
        }
        let fast: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            // ASCII fast path: an ASCII byte followed by another is a whole grapheme (except CR LF),
            // with the widths `Width.glyph` gives. A reasoning of 400,000 characters wraps in
            // milliseconds instead of a tenth of a second.
            let n = bytes.count
            var i = 0
            while i < n {
                let b = bytes[i]
                if b < 0x80 && b != 0x0D && (i + 1 == n || bytes[i + 1] < 0x80) {
                    let w = b >= 0x20 && b < 0x7F ? 1 : (b == 0x09 ? 4 : 2)
                    place(1, w, newline: b == 0x0A, space: b == 0x20)
                    i += 1
                    continue
                }
                // One grapheme cluster from this boundary on.
                let u = text.utf8
                let start = u.index(u.startIndex, offsetBy: i)
                guard let ch = text[start...].first else { break }
                let len = ch.utf8.count
                place(len, Width.glyph(ch).width, newline: ch == "\n" || ch == "\r\n", space: ch == " ")
                i += len
            }
        }
        if fast == nil {
            for ch in text {
                place(ch.utf8.count, Width.glyph(ch).width, newline: ch == "\n" || ch == "\r\n", space: ch == " ")
            }
        }
        if lineStart < offset || lines.isEmpty || text.hasSuffix("\n") { lines.append(lineStart..<offset) }
    }

    /// The line holding byte `offset`.
    public func line(containing offset: Int) -> Int {
        var lo = 0, hi = lines.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lines[mid].lowerBound <= offset { lo = mid } else { hi = mid - 1 }
        }
        return max(0, lo)
    }

    public func substring(_ r: Range<Int>) -> Substring {
        let u = text.utf8
        let a = u.index(u.startIndex, offsetBy: r.lowerBound), b = u.index(u.startIndex, offsetBy: r.upperBound)
        return text[a..<b]
    }
}

extension LoadedTrace {
    /// The text a pane shows: the answer pane adds the gold answer below the model's.
    public func paneText(_ p: Pane) -> String {
        switch p {
        case .table: return ""
        case .prompt: return text.promptMissing && text.prompt.isEmpty ? "(no prompt in this record)" : text.prompt
        case .reasoning: return text.reasoning
        case .answer:
            var s = text.answer
            if let tools = text.toolCalls, !tools.isEmpty { s += "\n\n── tool calls ──\n" + tools }
            if let gold = text.gold, !gold.isEmpty { s += "\n\n── gold answer ──\n" + gold }
            return s
        }
    }
}

/// Byte ranges of matches of `needle` in `text`, ignoring case in every script (at most `limit`).
/// Both are compared lowercased scalar by scalar (ASCII directly, other scalars by Unicode's
/// lowercase mapping). A mapping that changes a scalar's length (İ → i̇) is rare: only then is
/// `origin` kept, mapping each lowered byte back to the text's bytes; otherwise offsets are the
/// text's own (the panes search their text on every repaint, so a long text costs one copy).
func matchRanges(of needle: String, in text: String, limit: Int = 10_000) -> [Range<Int>] {
    guard !needle.isEmpty else { return [] }
    let n = Array(needle.lowercased().utf8)
    var hay: [UInt8] = []
    hay.reserveCapacity(text.utf8.count)
    var origin: [Int]? = nil
    var offset = 0
    for scalar in text.unicodeScalars {
        let width = UTF8.width(scalar)
        if scalar.isASCII {
            let b = UInt8(scalar.value)
            hay.append(b >= 65 && b <= 90 ? b + 32 : b)
            origin?.append(offset)
        } else if scalar.properties.changesWhenLowercased {
            let lowered = scalar.properties.lowercaseMapping.utf8
            if lowered.count != width && origin == nil { origin = Array(0..<hay.count) }
            for b in lowered {
                hay.append(b)
                origin?.append(offset)
            }
        } else {
            UTF8.encode(scalar) { b in
                hay.append(b)
            }
            if origin != nil { for k in 0..<width { origin!.append(offset + k) } }
        }
        offset += width
    }
    origin?.append(offset)
    guard n.count <= hay.count else { return [] }
    var out: [Range<Int>] = []
    var i = 0
    while i + n.count <= hay.count {
        var j = 0
        while j < n.count && hay[i + j] == n[j] { j += 1 }
        if j == n.count {
            if let origin {
                // A scalar lowered to several (İ → i̇) is matched whole.
                var e = i + n.count
                while e < hay.count, origin[e] == origin[e - 1] { e += 1 }
                out.append(origin[i]..<origin[e])
            } else {
                out.append(i..<(i + n.count))
            }
            i += n.count
        } else {
            i += 1
        }
        if out.count >= limit { break }
    }
    return out
}
