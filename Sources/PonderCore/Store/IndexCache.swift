import Foundation

/// The cached index and figures of one dataset file (GUIDE §6, "Reopening"): a file whose size,
/// modification time, inode and first and last 64 KB are unchanged, loaded with the same settings,
/// reuses them instead of being parsed and measured again.
///
/// Cache files live in `$PONDER_CACHE_DIR`, else `$XDG_CACHE_HOME/ponder`, else
/// `~/.cache/ponder`; never beside the dataset. One file per dataset file and settings, named by a
/// hash of the key, written atomically (temporary file, rename); the 32 most recently used are
/// kept. A cache that cannot be read, written or trusted is ignored: the file is loaded as usual.
public enum IndexCache {
    /// Bump when the figures or the layout of the cache change.
    static let formatVersion = 2
    static let magic = Array("PONDERC\u{1}".utf8)
    static let keep = 32

    /// What a file's load produced, less the dataset-wide figures (computed after every load).
    struct Entry {
        var index: RecordIndex
        /// Every problem the load reported: the index's own (empty, binary...) and the records'.
        var problems: [InputProblem]
        var layoutCounts: [LayoutKind: Int]
        var malformed: Int
        var columns: TraceColumns
        var strings: StringTable
    }

    /// The cache folder by default, nil when caching is off (`PONDER_CACHE_DIR=off`) or no home
    /// is known.
    public static var defaultDirectory: String? {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["PONDER_CACHE_DIR"], !dir.isEmpty { return dir == "off" ? nil : dir }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/ponder" }
        if let home = env["HOME"], !home.isEmpty { return home + "/.cache/ponder" }
        return nil
    }

    /// The key text of `bytes` under `options`, nil for what cannot be cached (standard input).
    static func key(_ bytes: FileBytes, _ options: LoadOptions) -> String? {
        guard bytes.displayName != "-", let real = realpath(bytes.path, nil) else { return nil }
        defer { free(real) }
        var st = stat()
        guard stat(real, &st) == 0 else { return nil }
        var key = "v\(formatVersion) \(String(cString: real)) dev \(st.st_dev) ino \(st.st_ino) size \(st.st_size)"
        key += " mtime \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) ctime \(st.st_ctim.tv_sec).\(st.st_ctim.tv_nsec)"
        // Timestamps are coarse (a few ms): the file's ends tell a rewrite of the same size apart.
        let b = bytes.bytes
        let edge = min(b.count, 64 << 10)
        var h = ContentHasher()
        h.field(UnsafeRawBufferPointer(rebasing: b[0..<edge]).bindMemory(to: UInt8.self))
        h.field(UnsafeRawBufferPointer(rebasing: b[(b.count - edge)..<b.count]).bindMemory(to: UInt8.self))
        let sample = h.finish()
        key += " ends \(String(sample.hi, radix: 16)).\(String(sample.lo, radix: 16))"
        key += " settings \(settings(options))"
        return key
    }

    /// Everything in the options that changes the figures.
    static func settings(_ o: LoadOptions) -> String {
        let t = o.thresholds
        return "\(String(describing: o.explicit)) max \(o.maxRecordBytes) lang \(o.languages) sample \(o.layoutSample) "
            + "foreign \(t.minForeignLetters) cons \(t.minConsistency) loop \(t.loop) rep \(t.repetition)"
    }

    static func path(forKey key: String, in dir: String?) -> String? {
        guard let dir else { return nil }
        var h = ContentHasher()
        Array(key.utf8).withUnsafeBufferPointer { h.field($0) }
        let k = h.finish()
        return "\(dir)/\(String(format: "%016llx%016llx", k.hi, k.lo)).ponder-cache"
    }

    // MARK: Reading

    /// The entry stored under `key` (from `key(_:_:)`), nil when there is none or it cannot be trusted.
    static func load(key: String, file bytes: FileBytes, _ options: LoadOptions) -> Entry? {
        guard let path = path(forKey: key, in: options.cacheDirectory),
              let data = FileManager.default.contents(atPath: path) else { return nil }
        var r = Reader(bytes: [UInt8](data))
        guard let entry = decode(&r, key: key, file: bytes.displayName) else {
            unlink(path)  // damaged or from another version: rebuilt on this load
            return nil
        }
        _ = utimes(path, nil)  // most recently used
        return entry
    }

    private static func decode(_ r: inout Reader, key: String, file: String) -> Entry? {
        guard r.take(magic.count) == magic, r.string() == key,
              let shapeName = r.string(), let shape = FileShape(rawValue: shapeName),
              let blank = r.int(), let bom = r.int(), let spans: [RecordSpan] = r.array(),
              let problemCount = r.int() else { return nil }
        var problems: [InputProblem] = []
        for _ in 0..<max(0, min(problemCount, 1 << 20)) {
            guard let line = r.int(), let column = r.int(), let reason = r.string() else { return nil }
            problems.append(InputProblem(file: file, line: line, column: column, reason: reason))
        }
        guard let layouts = r.int() else { return nil }
        var counts: [LayoutKind: Int] = [:]
        for _ in 0..<max(0, min(layouts, 64)) {
            guard let name = r.string(), let kind = LayoutKind(rawValue: name), let n = r.int() else { return nil }
            counts[kind] = n
        }
        guard let malformed = r.int(), let stringCount = r.int() else { return nil }
        var strings = StringTable()
        for _ in 0..<max(0, min(stringCount, 1 << 24)) {
            guard let s = r.string() else { return nil }
            _ = strings.intern(s)
        }
        var columns = TraceColumns()
        var reader = ColumnReader(reader: r)
        columns.visitColumns(&reader)
        r = reader.reader
        guard reader.ok, r.atEnd, columns.isRectangular,
              strings.strings.count == stringCount else { return nil }
        let index = RecordIndex(shape: shape, spans: spans, blankLines: blank, problems: [], hadBOM: bom != 0)
        return Entry(index: index, problems: problems, layoutCounts: counts, malformed: malformed,
                     columns: columns, strings: strings)
    }

    // MARK: Writing

    /// Writes `entry` for `bytes`; quietly does nothing when the cache folder is not writable.
    static func store(_ entry: Entry, key: String, _ options: LoadOptions) {
        guard let dir = options.cacheDirectory, let path = path(forKey: key, in: dir),
              (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil
        else { return }
        var w: [UInt8] = magic
        func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { w.append(contentsOf: $0) } }
        func string(_ s: String) { int(s.utf8.count); w.append(contentsOf: s.utf8) }
        string(key)
        string(entry.index.shape.rawValue)
        int(entry.index.blankLines)
        int(entry.index.hadBOM ? 1 : 0)
        ColumnWriter.append(entry.index.spans, to: &w)
        int(entry.problems.count)
        for p in entry.problems { int(p.line); int(p.column); string(p.reason) }
        int(entry.layoutCounts.count)
        for (k, v) in entry.layoutCounts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { string(k.rawValue); int(v) }
        int(entry.malformed)
        int(entry.strings.strings.count)
        for s in entry.strings.strings { string(s) }
        var writer = ColumnWriter(bytes: w)
        var columns = entry.columns
        columns.visitColumns(&writer)
        do {
            let out = try AtomicWriter(target: path, force: true)
            try out.write(writer.bytes)
            _ = try out.commit()
        } catch {
            return
        }
        prune(dir)
    }

    /// Keeps the `keep` most recently used cache files.
    static func prune(_ dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        var files: [(String, Int)] = []
        for n in names where n.hasSuffix(".ponder-cache") {
            var st = stat()
            if stat(dir + "/" + n, &st) == 0 { files.append((n, st.st_mtim.tv_sec)) }
        }
        guard files.count > keep else { return }
        for (n, _) in files.sorted(by: { $0.1 > $1.1 }).dropFirst(keep) { unlink(dir + "/" + n) }
    }

    // MARK: Bytes

    struct Reader {
        var bytes: [UInt8]
        var at = 0
        var atEnd: Bool { at == bytes.count }

        mutating func take(_ n: Int) -> [UInt8]? {
            guard n >= 0, n <= bytes.count - at else { return nil }
            defer { at += n }
            return Array(bytes[at..<(at + n)])
        }

        mutating func int() -> Int? {
            guard 8 <= bytes.count - at else { return nil }
            var v: Int64 = 0
            withUnsafeMutableBytes(of: &v) { $0.copyBytes(from: bytes[at..<(at + 8)]) }
            at += 8
            return Int(Int64(littleEndian: v))
        }

        mutating func string() -> String? {
            guard let n = int(), let b = take(n) else { return nil }
            return String(validating: b, as: UTF8.self)
        }

        /// A count, then that many values' raw bytes.
        mutating func array<T: BitwiseCopyable>() -> [T]? {
            guard let n = int(), n >= 0, n <= (bytes.count - at) / max(1, MemoryLayout<T>.stride) else { return nil }
            let size = n * MemoryLayout<T>.stride
            let out = [T](unsafeUninitializedCapacity: n) { buf, count in
                bytes.withUnsafeBytes { src in
                    UnsafeMutableRawBufferPointer(buf).copyMemory(from: UnsafeRawBufferPointer(rebasing: src[at..<(at + size)]))
                }
                count = n
            }
            at += size
            return out
        }
    }

    struct ColumnReader: ColumnVisitor {
        var reader: Reader
        var ok = true
        mutating func visit<T: BitwiseCopyable>(_ column: inout [T]) {
            guard ok, let a: [T] = reader.array() else { ok = false; return }
            column = a
        }
    }

    struct ColumnWriter: ColumnVisitor {
        var bytes: [UInt8]
        static func append<T: BitwiseCopyable>(_ a: [T], to w: inout [UInt8]) {
            withUnsafeBytes(of: Int64(a.count).littleEndian) { w.append(contentsOf: $0) }
            a.withUnsafeBytes { w.append(contentsOf: $0) }
        }
        mutating func visit<T: BitwiseCopyable>(_ column: inout [T]) { Self.append(column, to: &bytes) }
    }
}
