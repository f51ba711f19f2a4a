/// One line of a flags file: a `set` or a `clear` of one key. See `FlagLog` for the format.
struct FlagOp: Sendable, Equatable {
    enum Kind: String, Sendable { case set, clear }
    var kind: Kind
    var key: ContentKey
    /// For `set`: the new state. For `clear`: labels empty; time and user kept.
    var entry: FlagEntry

    /// The line, `\n` included, with fields in a fixed order and absent values omitted.
    func encoded() -> [UInt8] {
        var w = JSONWriter(capacity: 160)
        w.raw("{\"v\":1,\"op\":")
        w.string(kind.rawValue)
        w.raw(",\"key\":")
        w.string(key.hex)
        if kind == .set {
            w.raw(",\"labels\":[")
            for (i, l) in entry.labels.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(l)
            }
            w.raw("]")
            if let note = entry.note {
                w.raw(",\"note\":")
                w.string(note)
            }
        }
        if let time = entry.time {
            w.raw(",\"time\":")
            w.string(time)
        }
        if let user = entry.user {
            w.raw(",\"user\":")
            w.string(user)
        }
        if kind == .set {
            if let file = entry.location.file {
                w.raw(",\"file\":")
                w.string(file)
            }
            if let line = entry.location.line {
                w.raw(",\"line\":")
                w.int(line)
            }
            if let g = entry.location.generation {
                w.raw(",\"generation\":")
                w.int(g)
            }
        }
        w.raw("}\n")
        return w.bytes
    }

    /// Parses one line (without its newline) with the strict record parser. Throws a reason for the warning.
    static func parse(_ line: ArraySlice<UInt8>, parser: inout JSONParser) throws(FlagLineError) -> FlagOp {
        var result: Result<FlagOp, FlagLineError> = .failure(FlagLineError(reason: "empty line"))
        line.withUnsafeBytes { raw in
            do throws(JSONError) {
                let doc = try parser.parse(raw)
                result = Result { () throws(FlagLineError) in try parse(doc) }
            } catch {
                result = .failure(FlagLineError(reason: "not valid JSON (\(error.reason) at byte \(error.offset + 1))"))
            }
        }
        return try result.get()
    }

    private static func parse(_ doc: JSONDocument) throws(FlagLineError) -> FlagOp {
        let root = doc.root
        guard doc.kind(root) == .object else { throw FlagLineError(reason: "not a JSON object") }
        if let v = doc.member(root, "v"), doc.kind(v) != .null {
            guard let n = integer(doc, v) else { throw FlagLineError(reason: "\"v\" is not an integer") }
            if n != 1 { throw FlagLineError(reason: "format version \(n) is not known to this Ponder (it reads version 1)") }
        }
        guard let opName = doc.stringValue(doc.member(root, "op")), let kind = Kind(rawValue: opName) else {
            throw FlagLineError(reason: "\"op\" must be \"set\" or \"clear\"")
        }
        guard let keyHex = doc.stringValue(doc.member(root, "key")), let key = ContentKey(hex: keyHex) else {
            throw FlagLineError(reason: "\"key\" must be 32 hex digits")
        }
        var entry = FlagEntry(labels: [])
        if kind == .set {
            guard let list = doc.member(root, "labels"), doc.kind(list) == .array else {
                throw FlagLineError(reason: "\"labels\" must be a list of strings")
            }
            var labels: [String] = []
            for l in doc.elements(list) {
                guard let s = doc.stringValue(l) else { throw FlagLineError(reason: "\"labels\" must be a list of strings") }
                labels.append(s)
            }
            do {
                entry.labels = try FlagLabel.normalize(labels)
            } catch {
                throw FlagLineError(reason: error.description)
            }
            entry.note = try optionalString(doc, "note")
            entry.location.file = try optionalString(doc, "file")
            entry.location.line = try optionalInt(doc, "line")
            entry.location.generation = try optionalInt(doc, "generation")
        }
        entry.time = try optionalString(doc, "time")
        entry.user = try optionalString(doc, "user")
        return FlagOp(kind: kind, key: key, entry: entry)
    }

    private static func integer(_ doc: JSONDocument, _ i: Int) -> Int? {
        guard doc.kind(i) == .number else { return nil }
        return Int(doc.string(i))
    }

    private static func optionalString(_ doc: JSONDocument, _ name: String) throws(FlagLineError) -> String? {
        guard let v = doc.member(doc.root, name), doc.kind(v) != .null else { return nil }
        guard let s = doc.stringValue(v) else { throw FlagLineError(reason: "\"\(name)\" must be a string") }
        return s
    }

    private static func optionalInt(_ doc: JSONDocument, _ name: String) throws(FlagLineError) -> Int? {
        guard let v = doc.member(doc.root, name), doc.kind(v) != .null else { return nil }
        guard let n = integer(doc, v) else { throw FlagLineError(reason: "\"\(name)\" must be an integer") }
        return n
    }
}

struct FlagLineError: Error {
    var reason: String
}

/// The state a flags log describes, built by reading its bytes in order: latest op per key wins.
/// Reads incrementally: `consume` takes the bytes after what it has read so far.
struct FlagLogState: Sendable {
    /// Keys whose latest op is `set`, with the order of that op (for stable compaction order).
    var entries: [ContentKey: (entry: FlagEntry, seq: Int)] = [:]
    /// Keys whose latest op is `clear`.
    var cleared: Set<ContentKey> = []
    var warnings: [FlagWarning] = []
    /// Complete lines read so far (the next line's number is `lines + 1`).
    var lines = 0
    var seq = 0
    /// Every op line applied (for compaction reports).
    var opsRead = 0
    /// A final line without its newline was valid and applied; the `\n` a later writer adds before
    /// its own line must not count as an empty line.
    var swallowNewline = false
    /// The line number of an unterminated last line already warned about, to warn once.
    var tornWarnedLine: Int?

    mutating func apply(_ op: FlagOp) {
        seq += 1
        opsRead += 1
        switch op.kind {
        case .set:
            entries[op.key] = (op.entry, seq)
            cleared.remove(op.key)
        case .clear:
            entries[op.key] = nil
            cleared.insert(op.key)
        }
    }

    /// Reads `bytes` (the file's content from the current read position) and returns how many
    /// bytes it consumed. An unterminated last line is applied when it is a valid op, else left
    /// unconsumed with a warning (a torn write), so it is read again once a newline completes it.
    mutating func consume(_ bytes: ArraySlice<UInt8>, path: String) -> Int {
        var parser = JSONParser(maxDepth: 16)
        var i = bytes.startIndex
        if swallowNewline, i < bytes.endIndex {
            if bytes[i] == 0x0A { i += 1 }
            swallowNewline = false
        }
        var lineStart = i
        while let nl = bytes[lineStart...].firstIndex(of: 0x0A) {
            lines += 1
            readLine(bytes[lineStart..<nl], number: lines, path: path, parser: &parser)
            lineStart = nl + 1
        }
        let rest = bytes[lineStart...]
        if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            return lineStart - bytes.startIndex
        }
        if let op = try? FlagOp.parse(rest, parser: &parser) {
            lines += 1
            apply(op)
            swallowNewline = true
            return bytes.endIndex - bytes.startIndex
        }
        if tornWarnedLine != lines + 1 {
            tornWarnedLine = lines + 1
            warnings.append(FlagWarning(path: path, line: lines + 1,
                                        reason: "incomplete last line (\(rest.count) bytes, no newline) ignored: an interrupted write; the next save removes it"))
        }
        return lineStart - bytes.startIndex
    }

    private mutating func readLine(_ line: ArraySlice<UInt8>, number: Int, path: String, parser: inout JSONParser) {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        if tornWarnedLine == number { tornWarnedLine = nil }
        do {
            apply(try FlagOp.parse(line, parser: &parser))
        } catch {
            warnings.append(FlagWarning(path: path, line: number, reason: "\(error.reason); line skipped"))
        }
    }

    /// The latest op of every key that is set, in the order those ops were written.
    func setOps() -> [FlagOp] {
        entries.sorted { $0.value.seq < $1.value.seq }.map { FlagOp(kind: .set, key: $0.key, entry: $0.value.entry) }
    }
}
