import Foundation

/// Writes selected traces of a dataset to a file, atomically (GUIDE §5, Export).
public enum DatasetExport {
    public struct Report: Sendable, Equatable {
        public var records: Int
        /// Traces in what was written: with `original`, every trace of each record written, which
        /// can be more than were selected (a record's other generations come with it).
        public var traces: Int
        /// Traces selected.
        public var selected: Int
        public var bytes: Int
        public var path: String
        /// `original` records that spanned several lines (pretty-printed in an array or object file),
        /// written on one line.
        public var joined: Int = 0
        /// `original` records taken from an object map: its keys are not part of the records.
        public var keysLeft: Int = 0

        /// What was written, for the user: "wrote 3 records (5 traces, 2 KB) to out.jsonl", with
        /// what they may not expect.
        public var summary: String {
            var s = "wrote \(records) records (\(traces) traces, \(formatBytes(bytes))) to \(path)"
            if traces > selected {
                s += "; \(traces - selected) of those traces were not selected but share a record with selected ones"
                    + " (--format messages or sharegpt writes the selected traces only)"
            }
            if joined > 0 { s += "; \(joined) records pretty-printed over several lines are written on one line each" }
            if keysLeft > 0 { s += "; the object map's keys are not written" }
            return s
        }
    }

    /// Exports `traces` (dataset indices, in order). `original` writes each record holding a selected
    /// trace once, byte for byte, one record a line (the line breaks of a record pretty-printed
    /// over several lines become spaces: JSON strings hold none); the other formats write one line
    /// per selected trace. `protected`: files the output must never replace besides the inputs
    /// (the flags sidecar being read).
    public static func write(_ dataset: Dataset, traces: [Int], format: ExportFormat, to path: String,
                             force: Bool, protected: [String] = []) throws(FileError) -> Report {
        if let problem = nameProblem(path) { throw FileError(action: "write", path: path, reason: problem) }
        let inputs = dataset.files.map(\.bytes.path).filter { $0 != "-" } + protected
        let writer = try AtomicWriter(target: path, force: force, inputs: inputs)
        let (c, _) = dataset.snapshot()
        var records = 0
        var written = 0
        var joined = 0
        var keysLeft = 0
        let files = dataset.files
        var line: [UInt8] = []
        line.reserveCapacity(1 << 16)
        do throws(FileError) {
            var lastRecord: (UInt16, Int32)? = nil
            for i in traces {
                let rec = (c.file[i], c.record[i])
                let newRecord = lastRecord.map { $0 != rec } ?? true
                lastRecord = rec
                if newRecord { records += 1 }
                line.removeAll(keepingCapacity: true)
                if format == .original {
                    guard newRecord else { continue }
                    written += tracesOfRecord(around: i, c)
                    let bytes = dataset.recordBytes(of: i)
                    format.appendLine(for: TraceText(), originalLine: bytes, to: &line)
                    if joinLines(&line) { joined += 1 }
                    if files[Int(rec.0)].index.shape == .objectMap { keysLeft += 1 }
                } else {
                    written += 1
                    format.appendLine(for: dataset.text(of: i), to: &line)
                }
                try writer.write(line)
            }
            // A mapped input changed in place reads as zeros or as other records: what was just
            // written may be wrong, so nothing is committed (checked after reading, before the rename).
            for file in dataset.files where file.bytes.bytesChanged {
                throw FileError(action: "export to", path: path,
                                reason: "\(file.bytes.changeOnDisk() ?? "\(file.bytes.displayName) changed on disk"); reopen it and export again",
                                consequence: "nothing was written")
            }
            let bytes = try writer.commit()
            return Report(records: records, traces: written, selected: traces.count, bytes: bytes, path: path,
                          joined: joined, keysLeft: keysLeft)
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Why `path` would mislead as an export's name (a `.gz` name for the uncompressed JSON Lines
    /// written), or nil.
    public static func nameProblem(_ path: String) -> String? {
        path.lowercased().hasSuffix(".gz")
            ? "exports are written uncompressed; name the output without .gz, or write `-o - | gzip > \(path)`"
            : nil
    }

    /// The number of traces of the record holding trace `i` (a record's traces are consecutive).
    static func tracesOfRecord(around i: Int, _ c: TraceColumns) -> Int {
        let file = c.file[i], record = c.record[i]
        var lo = i, hi = i + 1
        while lo > 0, c.file[lo - 1] == file, c.record[lo - 1] == record { lo -= 1 }
        while hi < c.count, c.file[hi] == file, c.record[hi] == record { hi += 1 }
        return hi - lo
    }

    /// Makes one line of a record's bytes (and its final `\n`): each `\n` before the last, and a
    /// `\r` before it, becomes a space. True when there was one.
    static func joinLines(_ line: inout [UInt8]) -> Bool {
        let last = line.count - 1
        guard last > 0 else { return false }
        return line.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return false }
            var joined = false
            var k = 0
            while k < last, let hit = memchr(base + k, 0x0A, last - k) {
                k = UnsafeMutableRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                base[k] = 0x20
                if k > 0, base[k - 1] == 0x0D { base[k - 1] = 0x20 }
                joined = true
                k += 1
            }
            return joined
        }
    }
}
