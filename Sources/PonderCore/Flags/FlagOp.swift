import Foundation

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

    /// Parses one line (without its newline). Throws a reason for the warning.
    static func parse(_ line: ArraySlice<UInt8>) throws(FlagLineError) -> FlagOp {
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(line), options: [])
        } catch {
            throw FlagLineError(reason: "not valid JSON")
        }
        guard let obj = any as? [String: Any] else { throw FlagLineError(reason: "not a JSON object") }
        if let v = obj["v"] {
            guard let n = v as? Int else { throw FlagLineError(reason: "\"v\" is not a number") }
            if n != 1 { throw FlagLineError(reason: "format version \(n) is not known to this Ponder (it reads version 1)") }
        }
        guard let opName = obj["op"] as? String, let kind = Kind(rawValue: opName) else {
            throw FlagLineError(reason: "\"op\" must be \"set\" or \"clear\"")
        }
        guard let keyHex = obj["key"] as? String, let key = ContentKey(hex: keyHex) else {
            throw FlagLineError(reason: "\"key\" must be 32 hex digits")
        }
        var entry = FlagEntry(labels: [])
        if kind == .set {
            guard let raw = obj["labels"] as? [Any] else { throw FlagLineError(reason: "\"labels\" must be a list of strings") }
            var labels: [String] = []
            for l in raw {
                guard let s = l as? String else { throw FlagLineError(reason: "\"labels\" must be a list of strings") }
                labels.append(s)
            }
            do {
                entry.labels = try FlagLabel.normalize(labels)
            } catch {
                throw FlagLineError(reason: error.description)
            }
            entry.note = try optionalString(obj, "note")
            entry.location.file = try optionalString(obj, "file")
            entry.location.line = try optionalInt(obj, "line")
            entry.location.generation = try optionalInt(obj, "generation")
        }
        entry.time = try optionalString(obj, "time")
        entry.user = try optionalString(obj, "user")
        return FlagOp(kind: kind, key: key, entry: entry)
    }

    private static func optionalString(_ obj: [String: Any], _ name: String) throws(FlagLineError) -> String? {
        guard let v = obj[name], !(v is NSNull) else { return nil }
        guard let s = v as? String else { throw FlagLineError(reason: "\"\(name)\" must be a string") }
        return s
    }

    private static func optionalInt(_ obj: [String: Any], _ name: String) throws(FlagLineError) -> Int? {
        guard let v = obj[name], !(v is NSNull) else { return nil }
        guard let n = v as? Int else { throw FlagLineError(reason: "\"\(name)\" must be an integer") }
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
        var i = bytes.startIndex
        if swallowNewline, i < bytes.endIndex {
            if bytes[i] == 0x0A { i += 1 }
            swallowNewline = false
        }
        var lineStart = i
        while let nl = bytes[lineStart...].firstIndex(of: 0x0A) {
            lines += 1
            readLine(bytes[lineStart..<nl], number: lines, path: path)
            lineStart = nl + 1
        }
        let rest = bytes[lineStart...]
        if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            return lineStart - bytes.startIndex
        }
        if let op = try? FlagOp.parse(rest) {
            lines += 1
            apply(op)
            swallowNewline = true
            return bytes.endIndex - bytes.startIndex
        }
        if tornWarnedLine != lines + 1 {
            tornWarnedLine = lines + 1
            warnings.append(FlagWarning(path: path, line: lines + 1,
                                        reason: "incomplete last line (\(rest.count) bytes, no newline) ignored: an interrupted write"))
        }
        return lineStart - bytes.startIndex
    }

    private mutating func readLine(_ line: ArraySlice<UInt8>, number: Int, path: String) {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
        if tornWarnedLine == number { tornWarnedLine = nil }
        do {
            apply(try FlagOp.parse(line))
        } catch {
            warnings.append(FlagWarning(path: path, line: number, reason: "\(error.reason); line skipped"))
        }
    }

    /// The latest op of every key that is set, in the order those ops were written.
    func setOps() -> [FlagOp] {
        entries.sorted { $0.value.seq < $1.value.seq }.map { FlagOp(kind: .set, key: $0.key, entry: $0.value.entry) }
    }
}
