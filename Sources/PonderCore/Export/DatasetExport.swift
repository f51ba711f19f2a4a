/// Writes selected traces of a dataset to a file, atomically (GUIDE §5, Export).
public enum DatasetExport {
    public struct Report: Sendable, Equatable {
        public var records: Int
        public var traces: Int
        public var bytes: Int
        public var path: String
    }

    /// Exports `traces` (dataset indices, in order). `original` writes each record holding a selected
    /// trace once, byte for byte; the other formats write one line per selected trace.
    public static func write(_ dataset: Dataset, traces: [Int], format: ExportFormat, to path: String,
                             force: Bool) throws(FileError) -> Report {
        let inputs = dataset.files.map(\.bytes.path).filter { $0 != "-" }
        let writer = try AtomicWriter(target: path, force: force, inputs: inputs)
        let (c, _) = dataset.snapshot()
        var records = 0
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
                    format.appendLine(for: TraceText(), originalLine: dataset.recordBytes(of: i), to: &line)
                } else {
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
            return Report(records: records, traces: traces.count, bytes: bytes, path: path)
        } catch {
            writer.abort()
            throw error
        }
    }
}
