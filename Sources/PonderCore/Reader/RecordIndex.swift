#if canImport(Glibc)
import Glibc
#endif

/// Where one record lies in its file: byte offsets and its 1-based line.
public struct RecordSpan: Sendable, Equatable, BitwiseCopyable {
    public var start: Int
    public var end: Int
    public var line: Int32
    /// 1-based byte column of `start` on its line (an element of a one-line array starts mid-line).
    public var column: Int32 = 1

    /// The file line and byte column of `offset` bytes into the record (`raw`, its bytes), for
    /// messages: a multi-line record's error is on its own line. Reads only the record.
    public func location(of offset: Int, in raw: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), raw.count)
        var lines = 0
        var lastNewline = -1
        if let base = raw.baseAddress {
            var p = 0
            while p < end, let q = memchr(base + p, 0x0A, end - p) {
                lastNewline = UnsafeRawPointer(q) - base
                lines += 1
                p = lastNewline + 1
            }
        }
        if lines == 0 { return (Int(line), Int(column) + end) }
        return (Int(line) + lines, end - lastNewline)
    }
}

/// How a file holds its records.
public enum FileShape: String, Sendable {
    /// One JSON value a line.
    case jsonl
    /// One top-level JSON array whose elements are the records.
    case array
    /// One top-level JSON object mapping keys to records.
    case objectMap = "object-map"
}

/// The records of one file as byte ranges: the line index. Built once; records are decoded on demand.
public struct RecordIndex: Sendable {
    public var shape: FileShape
    public var spans: [RecordSpan]
    /// Blank lines skipped (JSONL).
    public var blankLines: Int
    /// Problems with the file as a whole (empty, binary, unterminated array...).
    public var problems: [InputProblem]
    /// The file started with a UTF-8 byte order mark (skipped).
    public var hadBOM: Bool

    /// Splits a file into records. Never fails: problems are collected, and what can be read is kept.
    public static func build(_ file: FileBytes) -> RecordIndex {
        let bytes = file.bytes
        var index = RecordIndex(shape: .jsonl, spans: [], blankLines: 0, problems: file.readProblem.map { [$0] } ?? [], hadBOM: false)
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else {
            index.problems.append(InputProblem(file: file.displayName, reason: "the file is empty"))
            return index
        }
        let n = bytes.count
        var start = 0
        if n >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF {
            start = 3
            index.hadBOM = true
        }
        // Binary data: NUL bytes early in the file (text JSON never holds them raw).
        let probe = min(n, 4096)
        if memchr(base, 0, probe) != nil {
            index.problems.append(InputProblem(file: file.displayName, reason: "looks like binary data (NUL bytes), not JSON text; records with NUL bytes are reported below"))
        }
        var first = start
        while first < n, isSpace(base[first]) { first += 1 }
        if first == n {
            index.problems.append(InputProblem(file: file.displayName, reason: "the file holds only white space"))
            return index
        }
        let firstLineEnd = lineEnd(base, first, n)
        var hasSecondLine = false
        var p = firstLineEnd + 1
        while p < n {
            if !isSpace(base[p]) { hasSecondLine = true; break }
            p += 1
        }
        let opener = base[first]
        if opener == UInt8(ascii: "[") || opener == UInt8(ascii: "{") {
            var parser = JSONParser(maxDepth: 512)
            let firstLineParses = (try? parser.parse(UnsafeRawBufferPointer(start: base + first, count: firstLineEnd - first))) != nil
            // One array over many lines; a first line that is a whole (if malformed) array followed
            // by more lines is JSONL whose first record is bad.
            if opener == UInt8(ascii: "[") && !(hasSecondLine && (firstLineParses || closesOnItsLine(base, first, firstLineEnd))) {
                index.shape = .array
                splitContainer(base, first, n, file: file.displayName, into: &index)
                return index
            }
            if opener == UInt8(ascii: "{") && !firstLineParses && hasSecondLine {
                // A pretty-printed object: a map of records, or one record.
                let whole = try? parser.parse(UnsafeRawBufferPointer(start: base + first, count: n - first))
                if let doc = whole, doc.nodes[0].count > 0,
                   doc.members(0).allSatisfy({ doc.kind($0.value) == .object }) {
                    index.shape = .objectMap
                    splitContainer(base, first, n, file: file.displayName, into: &index)
                    return index
                }
                if whole == nil {
                    // A damaged map of records is still a map: its members load and the damage is
                    // reported where it is (read as one record, none of them would).
                    var map = index
                    splitContainer(base, first, n, file: file.displayName, into: &map)
                    if map.spans.count >= 2, map.spans.allSatisfy({ base[$0.start] == UInt8(ascii: "{") }) {
                        map.shape = .objectMap
                        return map
                    }
                }
                // A first line whose braces close on it is a malformed JSONL record (invalid UTF-8,
                // a raw NUL...), not the start of a pretty-printed one: report it, load the rest.
                if whole != nil || !closesOnItsLine(base, first, firstLineEnd) {
                    index.spans.append(RecordSpan(start: first, end: n, line: Int32(lineNumber(base, first)),
                                                  column: Int32(truncatingIfNeeded: first - startOfLine(base, first) + 1)))
                    return index
                }
            }
        }
        splitLines(base, start, n, into: &index)
        return index
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    /// Whether the container opened at `from` closes before `end`, counting brackets outside strings.
    static func closesOnItsLine(_ base: UnsafePointer<UInt8>, _ from: Int, _ end: Int) -> Bool {
        var depth = 0
        var p = from
        while p < end {
            let c = base[p]
            if c == UInt8(ascii: "\"") {
                p += 1
                while p < end && base[p] != UInt8(ascii: "\"") { p += base[p] == UInt8(ascii: "\\") ? 2 : 1 }
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return true }
            }
            p += 1
        }
        return false
    }

    static func lineEnd(_ base: UnsafePointer<UInt8>, _ from: Int, _ n: Int) -> Int {
        if let q = memchr(base + from, 0x0A, n - from) {
            return UnsafeRawPointer(q) - UnsafeRawPointer(base)
        }
        return n
    }

    /// The offset of the first byte of the line holding `offset`.
    static func startOfLine(_ base: UnsafePointer<UInt8>, _ offset: Int) -> Int {
        var p = offset
        while p > 0, base[p - 1] != 0x0A { p -= 1 }
        return p
    }

    static func lineNumber(_ base: UnsafePointer<UInt8>, _ offset: Int) -> Int {
        var line = 1
        var p = 0
        while p < offset {
            guard let q = memchr(base + p, 0x0A, offset - p) else { break }
            p = UnsafeRawPointer(q) - UnsafeRawPointer(base) + 1
            line += 1
        }
        return line
    }

    /// JSONL: one record a non-blank line. `memchr` finds line ends at memory speed.
    static func splitLines(_ base: UnsafePointer<UInt8>, _ start: Int, _ n: Int, into index: inout RecordIndex) {
        var p = start
        var line: Int32 = 1
        index.spans.reserveCapacity(n / 4096 + 16)
        while p < n {
            let e = lineEnd(base, p, n)
            // Blank when only white space; test the ends first so a normal line costs two bytes.
            var blank = true
            if e > p, !isSpace(base[p]) || !isSpace(base[e - 1]) {
                blank = false
            } else {
                var q = p
                while q < e { if !isSpace(base[q]) { blank = false; break }; q += 1 }
            }
            if blank {
                index.blankLines += 1
            } else {
                index.spans.append(RecordSpan(start: p, end: e, line: line))
            }
            line &+= 1
            p = e + 1
        }
    }

    /// A top-level array or object: each element (or member value) is a record. A structural scan
    /// that tracks strings and depth finds element boundaries; each element is parsed on its own
    /// later. The container's own syntax is checked here, since no record parse sees it: an empty
    /// element (`[1,,2]`), a trailing comma, a member without its key or colon, a closer of the
    /// wrong kind are reported with line and column, and the elements around them still load.
    static func splitContainer(_ base: UnsafePointer<UInt8>, _ first: Int, _ n: Int, file: String, into index: inout RecordIndex) {
        /// What may come next at depth 0.
        enum Expect { case value, key, colon, separator }
        let isObject = base[first] == UInt8(ascii: "{")
        let kind = isObject ? "object" : "array"
        let closer = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        var p = first + 1
        var line: Int32 = Int32(lineNumber(base, first))
        var lineStart = startOfLine(base, first)
        var depth = 0
        var elementStart = -1
        var elementLine: Int32 = line
        var elementColumn: Int32 = 1
        var expect: Expect = isObject ? .key : .value
        var afterComma = false
        var closed = false
        func problem(_ reason: String) {
            index.problems.append(InputProblem(file: file, line: Int(line), column: p - lineStart + 1, reason: reason))
        }
        func endElement() {
            guard elementStart >= 0 else { return }
            var e = p
            while e > elementStart, isSpace(base[e - 1]) { e -= 1 }
            index.spans.append(RecordSpan(start: elementStart, end: e, line: elementLine, column: elementColumn))
            elementStart = -1
        }
        func startElement() {
            elementStart = p
            elementLine = line
            elementColumn = Int32(truncatingIfNeeded: p - lineStart + 1)
            expect = .separator
        }
        while p < n {
            let c = base[p]
            if c == 0x0A { line &+= 1; p += 1; lineStart = p; continue }
            if depth == 0 {
                if isSpace(c) { p += 1; continue }
                switch (c, expect) {
                case (UInt8(ascii: ","), .separator):
                    endElement()
                    expect = isObject ? .key : .value
                    afterComma = true
                    p += 1
                    continue
                case (UInt8(ascii: ","), _):
                    problem(expect == .key ? "unexpected ',', expected a string key"
                        : expect == .colon ? "expected ':' after the key" : "unexpected ',': an empty element in the top-level \(kind)")
                    if expect == .colon { expect = .key }
                    p += 1
                    continue
                case (UInt8(ascii: "]"), _), (UInt8(ascii: "}"), _):
                    if c != closer {
                        problem("unexpected '\(Character(Unicode.Scalar(c)))': the top-level \(kind) closes with '\(Character(Unicode.Scalar(closer)))'")
                    }
                    switch expect {
                    case .separator: endElement()
                    case .colon: problem("expected ':' and a value after the key")
                    case .value where isObject: problem("expected a value after ':'")
                    case .value, .key: if afterComma { problem("a trailing comma before the end of the top-level \(kind)") }
                    }
                    closed = true
                    p += 1
                case (UInt8(ascii: ":"), .colon):
                    expect = .value
                    p += 1
                    continue
                case (_, .key):
                    guard c == UInt8(ascii: "\"") else {
                        problem("expected a string key")
                        startElement()   // read what is there as a record, which reports itself
                        break
                    }
                    expect = .colon
                case (_, .colon):
                    problem("expected ':' after the key")
                    startElement()
                case (_, .value):
                    startElement()
                case (_, .separator):
                    break            // inside an element: its own parse reports what is wrong
                }
                if closed { break }
            }
            if c == UInt8(ascii: "\"") {
                p += 1
                while p < n {
                    let d = base[p]
                    if d == UInt8(ascii: "\\") { p += 2; continue }
                    if d == UInt8(ascii: "\"") { break }
                    if d == 0x0A { line &+= 1; lineStart = p + 1 }
                    p += 1
                }
                p += 1
                continue
            }
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { depth += 1 }
            else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") { depth -= 1 }
            p += 1
        }
        if !closed {
            if elementStart >= 0 {
                index.spans.append(RecordSpan(start: elementStart, end: n, line: elementLine, column: elementColumn))
            }
            index.problems.append(InputProblem(file: file, line: Int(line), reason: "the top-level \(kind) is not closed (truncated file?)"))
        } else {
            var q = p
            while q < n, isSpace(base[q]) { q += 1 }
            if q < n {
                index.problems.append(InputProblem(file: file, line: lineNumber(base, q), reason: "unexpected text after the top-level \(kind)"))
            }
        }
    }
}
