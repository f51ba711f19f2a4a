#if canImport(Glibc)
import Glibc
#endif

/// Where one record lies in its file: byte offsets and its 1-based line.
public struct RecordSpan: Sendable, Equatable, BitwiseCopyable {
    public var start: Int
    public var end: Int
    public var line: Int32
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
        var index = RecordIndex(shape: .jsonl, spans: [], blankLines: 0, problems: [], hadBOM: false)
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
                // A first line whose braces close on it is a malformed JSONL record (invalid UTF-8,
                // a raw NUL...), not the start of a pretty-printed one: report it, load the rest.
                if whole != nil || !closesOnItsLine(base, first, firstLineEnd) {
                    index.spans.append(RecordSpan(start: first, end: n, line: Int32(lineNumber(base, first))))
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
    /// that tracks strings and depth finds element boundaries; each element is parsed on its own later.
    static func splitContainer(_ base: UnsafePointer<UInt8>, _ first: Int, _ n: Int, file: String, into index: inout RecordIndex) {
        let isObject = base[first] == UInt8(ascii: "{")
        var p = first + 1
        var line: Int32 = Int32(lineNumber(base, first))
        var depth = 0
        var elementStart = -1
        var elementLine: Int32 = line
        var afterColon = !isObject // for objects, the record is the value after the key's colon
        var closed = false
        while p < n {
            let c = base[p]
            if c == 0x0A { line &+= 1; p += 1; continue }
            if c == UInt8(ascii: "\"") {
                if depth == 0 && afterColon && elementStart < 0 { elementStart = p; elementLine = line }
                p += 1
                while p < n {
                    let d = base[p]
                    if d == UInt8(ascii: "\\") { p += 2; continue }
                    if d == UInt8(ascii: "\"") { break }
                    if d == 0x0A { line &+= 1 }
                    p += 1
                }
                p += 1
                continue
            }
            if depth == 0 {
                if isSpace(c) { p += 1; continue }
                if c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    if elementStart >= 0 {
                        var e = p
                        while e > elementStart, isSpace(base[e - 1]) { e -= 1 }
                        index.spans.append(RecordSpan(start: elementStart, end: e, line: elementLine))
                        elementStart = -1
                    }
                    if c != UInt8(ascii: ",") { closed = true; p += 1; break }
                    afterColon = !isObject
                    p += 1
                    continue
                }
                if c == UInt8(ascii: ":") && isObject { afterColon = true; p += 1; continue }
                if afterColon && elementStart < 0 { elementStart = p; elementLine = line }
            }
            if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { depth += 1 }
            else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") { depth -= 1 }
            p += 1
        }
        if !closed {
            if elementStart >= 0 {
                index.spans.append(RecordSpan(start: elementStart, end: n, line: elementLine))
            }
            index.problems.append(InputProblem(file: file, line: Int(line), reason: "the top-level \(isObject ? "object" : "array") is not closed (truncated file?)"))
        } else {
            var q = p
            while q < n, isSpace(base[q]) { q += 1 }
            if q < n {
                index.problems.append(InputProblem(file: file, line: lineNumber(base, q), reason: "unexpected text after the top-level \(isObject ? "object" : "array")"))
            }
        }
    }
}
