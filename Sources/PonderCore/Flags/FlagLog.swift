import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The flags sidecar: an append-only log of flag operations beside the dataset (GUIDE §5).
///
/// ## File
/// For a dataset `data.jsonl` the sidecar is `data.jsonl.ponder-flags.jsonl` in the same folder
/// (`FlagLog.sidecarPath(forDataset:)`); for several files or standard input the caller chooses a
/// path and passes it to `FlagLog.open(path:)`.
///
/// ## Format (version 1)
/// UTF-8 JSON Lines: one JSON object per line, each line ending in `\n`. Each line is one operation:
///
/// ```
/// {"v":1,"op":"set","key":"8070bfd76168cff31d76bf4955a23b3f","labels":["loop","mixed"],"note":"repeats from 12k","time":"2026-11-29T04:00:00Z","user":"ana","file":"data.jsonl","line":12,"generation":0}
/// {"v":1,"op":"clear","key":"8070bfd76168cff31d76bf4955a23b3f","time":"2026-11-29T04:05:00Z","user":"ana"}
/// ```
///
/// - `v`: format version, `1` (a line without `v` is read as version 1; other versions are skipped
///   with a warning). `op`: `"set"` or `"clear"`.
/// - `key`: the trace's `ContentKey`, 32 lowercase hex digits: a hash of its prompt, reasoning and
///   answer, so a flag follows the trace through reordering, re-sharding and appending.
/// - `labels` (set only): lowercase words, sorted, no duplicates; the standard ones are
///   `mixed`, `loop`, `truncated`, `outlier`, `duplicate`, `other`. An empty list is a flag with a note only.
/// - `note` (set only, optional): free text.
/// - `time` (ISO 8601 UTC) and `user`: who wrote the op and when. `file`, `line` (1-based) and
///   `generation` (0-based) (set only, optional): where the trace was when it was flagged; informational.
/// - Fields that have no value are left out, never written as `null`; readers accept `null` too.
///
/// The state of a key is its **latest** operation in file order: a `set` replaces labels and note
/// wholesale, a `clear` removes the flag. Unknown fields are ignored. A line that is not a valid
/// operation (invalid JSON or UTF-8, a missing or mistyped field, a bad key or label) is skipped with a
/// warning naming its line number; an unterminated last line that is not valid (a write cut short by a
/// crash or a full disk) is ignored with a warning, and one that is valid is applied. Neither affects
/// the other lines.
///
/// Reading it elsewhere: `jq -c 'select(.op=="set")' F`; in pandas,
/// `pandas.read_json(F, lines=True, dtype={"key": str})` (pass the dtype: pandas otherwise turns a
/// column of keys that happen to be all digits, such as `"000…01"`, into floats), then
/// `df.groupby("key").tail(1)` gives the latest op per key.
///
/// ## Durability and concurrency
/// - Each `set`/`clear` appends exactly one line with `O_APPEND`, in one `write(2)`, while holding an
///   exclusive `flock(2)` on the sidecar, and `fsync`s it before returning; a call that returns has
///   saved its operation. A new sidecar's folder is `fsync`ed too, so the file itself survives a crash.
/// - Under the lock the log first reads what other processes appended since its last read, so its view
///   stays current, and it terminates a torn last line with `\n` so the new line stays whole.
/// - A failed append (full disk, I/O error) is cut off again with `ftruncate` to the previous length:
///   earlier operations are never damaged, and the error says the flag was not saved.
/// - `compact()` rewrites the log with only the latest `set` per key (cleared keys disappear) through
///   `AtomicWriter` (temporary file in the same folder, `fsync`, `rename`, `fsync` of the folder) while
///   holding the lock. Other processes notice the new file (device and inode) and re-read it.
///   Malformed lines are dropped by compaction (the report lists them).
/// - Reads take a shared lock, so they never see half of a concurrent append. Another tool that
///   writes the sidecar should hold the same lock: `flock FILE sh -c '… >> FILE'`.
///
/// Thread-safe: one internal lock serialises the calls on an instance.
public final class FlagLog: @unchecked Sendable {
    /// The sidecar's path.
    public let path: String
    /// The `user` written in new operations.
    public let user: String

    private let stateLock = NSLock()
    private var state = FlagLogState()
    /// Bytes of the file read into `state`.
    private var readOffset: Int64 = 0
    /// Device and inode of the file `state` was read from; nil before the file exists.
    private var identity: (dev: UInt64, ino: UInt64)?
    private let clock: @Sendable () -> Date

    /// The sidecar path for one dataset file: `PATH.ponder-flags.jsonl`.
    public static func sidecarPath(forDataset dataset: String) -> String {
        dataset + ".ponder-flags.jsonl"
    }

    /// The content key of a trace (see `ContentKey`).
    public static func key(prompt: String, reasoning: String, answer: String) -> ContentKey {
        ContentKey.of(prompt: prompt, reasoning: reasoning, answer: answer)
    }

    /// Opens the sidecar at `path` and reads it. A missing file is an empty log; it is created by the
    /// first `set`, so a dataset in a read-only folder can still be browsed. Problems in the file are
    /// collected in `warnings`, never thrown; a file that cannot be read at all throws `FileError`.
    /// - Parameters:
    ///   - user: written in new operations; defaults to `$USER`, `$LOGNAME` or the account name.
    public static func open(path: String, user: String? = nil) throws -> FlagLog {
        let log = FlagLog(path: path, user: user ?? FlagLog.currentUser(), clock: { Date() })
        try log.reload()
        return log
    }

    /// Opens the sidecar of a dataset file (`sidecarPath(forDataset:)`).
    public static func open(dataset: String, user: String? = nil) throws -> FlagLog {
        try open(path: sidecarPath(forDataset: dataset), user: user)
    }

    init(path: String, user: String, clock: @escaping @Sendable () -> Date) {
        self.path = path
        self.user = user
        self.clock = clock
    }

    // MARK: - Reading

    /// The flag of a trace, or nil when it is not flagged.
    public func flags(for key: ContentKey) -> FlagEntry? {
        stateLock.withLock { state.entries[key]?.entry }
    }

    /// Every current flag.
    public var all: [ContentKey: FlagEntry] {
        stateLock.withLock { state.entries.mapValues(\.entry) }
    }

    /// The number of flagged traces.
    public var count: Int {
        stateLock.withLock { state.entries.count }
    }

    /// Lines that were skipped while reading, with their line numbers.
    public var warnings: [FlagWarning] {
        stateLock.withLock { state.warnings }
    }

    /// Reads what other processes wrote since the last read (all of it if the file was replaced,
    /// for example by another process's `compact()`).
    public func reload() throws {
        try stateLock.withLock {
            var fd: Int32 = -1
            while true {
                fd = SystemCalls.openFile(path, O_RDONLY | O_CLOEXEC)
                if fd < 0 {
                    let e = errno
                    if e == ENOENT {
                        if identity != nil { resetState() }
                        return
                    }
                    throw FileError.system("read the flags file", path, errno: e)
                }
                do {
                    try FileLock.lock(fd, .shared, path: path)
                } catch {
                    _ = close(fd)
                    throw error
                }
                if FileLock.isCurrent(fd, path: path) { break }
                _ = close(fd)
            }
            defer { _ = close(fd) }
            try catchUp(fd)
        }
    }

    // MARK: - Writing

    /// Flags a trace: its labels (normalised: lowercased, sorted, deduplicated) and optional note
    /// replace any earlier ones. Returns once the operation is on disk (`fsync`ed).
    /// Throws `InvalidFlagLabel` for a label that is not a lowercase word, `FileError` when the
    /// operation could not be saved (earlier ones are intact).
    public func set(_ key: ContentKey, labels: [String], note: String? = nil, location: FlagLocation = FlagLocation()) throws {
        let op = try setOp(key, labels: labels, note: note, location: location)
        try append { [op] }
    }

    /// Changes a trace's flag against its latest state: `change` gets the entry as it is after
    /// catching up with every write to the file (other processes' too), under the exclusive lock, and
    /// returns the labels and note to keep; no labels and no note clear the flag. Two inspectors
    /// editing one trace so combine their changes, instead of the later one writing back the state
    /// it saw. Returns once the operation is on disk.
    public func update(_ key: ContentKey, location: FlagLocation = FlagLocation(),
                       _ change: (FlagEntry?) -> (labels: [String], note: String?)) throws {
        try append {
            let (labels, note) = change(state.entries[key]?.entry)
            return [labels.isEmpty && (note ?? "").isEmpty ? clearOp(key) : try setOp(key, labels: labels, note: note, location: location)]
        }
    }

    /// A `set` operation (labels normalised; throws `InvalidFlagLabel`).
    private func setOp(_ key: ContentKey, labels: [String], note: String?, location: FlagLocation) throws -> FlagOp {
        let entry = FlagEntry(labels: try FlagLabel.normalize(labels), note: note, time: timestamp(), user: user, location: location)
        return FlagOp(kind: .set, key: key, entry: entry)
    }

    private func clearOp(_ key: ContentKey) -> FlagOp {
        FlagOp(kind: .clear, key: key, entry: FlagEntry(labels: [], time: timestamp(), user: user))
    }

    /// Removes a trace's flag. Returns once the operation is on disk. Clearing an unflagged key still
    /// writes the operation (another process may have flagged it).
    public func clear(_ key: ContentKey) throws {
        let op = clearOp(key)
        try append { [op] }
    }

    /// What `compact()` did.
    public struct CompactionReport: Sendable, Equatable {
        /// Lines written: one `set` per flagged trace.
        public var kept: Int
        /// Operation lines that were superseded (older ops, clears) and dropped.
        public var dropped: Int
        /// Line numbers (in the old file) of malformed or torn lines that were dropped; they had
        /// been skipped on reading already, with the warnings in `warnings`.
        public var droppedMalformedLines: [Int]
    }

    /// Rewrites the log with only the latest `set` per key, atomically, under the lock.
    /// The state is unchanged; on failure the old file is left as it was.
    @discardableResult
    public func compact() throws -> CompactionReport {
        try stateLock.withLock {
            try withExclusiveLock { fd in
                try catchUp(fd)
                let ops = state.setOps()
                let malformed = state.warnings.map(\.line)
                let readOps = state.opsRead
                let writer = try AtomicWriter(target: path, force: true)
                var bytes: [UInt8] = []
                for op in ops { bytes += op.encoded() }
                try writer.write(bytes)
                try writer.commit()
                var fresh = FlagLogState()
                _ = fresh.consume(bytes[...], path: path)
                state = fresh
                readOffset = Int64(bytes.count)
                var st = stat()
                identity = stat(path, &st) == 0 ? (UInt64(st.st_dev), UInt64(st.st_ino)) : nil
                return CompactionReport(kept: ops.count, dropped: readOps - ops.count, droppedMalformedLines: malformed)
            }
        }
    }

    /// Writes the current flags (one `set` per flagged trace, in the sidecar format) to `target`
    /// atomically, refusing an existing file without `force`, the sidecar itself and any of `inputs`
    /// (the datasets). Returns the number of flags written.
    @discardableResult
    public func export(to target: String, force: Bool = false, inputs: [String] = []) throws -> Int {
        try reload()
        let ops = stateLock.withLock { state.setOps() }
        let writer = try AtomicWriter(target: target, force: force, inputs: [path] + inputs)
        var bytes: [UInt8] = []
        for op in ops { bytes += op.encoded() }
        try writer.write(bytes)
        try writer.commit()
        return ops.count
    }

    /// What `import(from:)` did.
    public struct ImportReport: Sendable, Equatable {
        /// Operations appended: keys whose state in the imported file differs from ours.
        public var appended: Int
        /// Keys whose state already matched.
        public var unchanged: Int
        /// Lines of the imported file that were skipped.
        public var warnings: [FlagWarning]
    }

    /// Merges a flags file (an export or another sidecar): for every key whose latest state there
    /// differs from ours, appends that state (a `set` with its labels, note, time, user and location,
    /// or a `clear` for a key it cleared and we have flagged). Keys it does not mention are kept.
    /// All operations are appended under one lock and one `fsync`.
    @discardableResult
    public func `import`(from source: String) throws -> ImportReport {
        let bytes = try FlagLog.readWholeFile(source)
        var incoming = FlagLogState()
        _ = incoming.consume(bytes[...], path: source)
        return try stateLock.withLock {
            try withExclusiveLock { fd in
                try catchUp(fd)
                var ops: [FlagOp] = []
                var unchanged = 0
                for op in incoming.setOps() {
                    if let mine = state.entries[op.key]?.entry, mine.sameState(as: op.entry) {
                        unchanged += 1
                    } else {
                        ops.append(op)
                    }
                }
                for key in incoming.cleared.sorted() {
                    if state.entries[key] != nil {
                        ops.append(FlagOp(kind: .clear, key: key, entry: FlagEntry(labels: [], time: timestamp(), user: user)))
                    } else {
                        unchanged += 1
                    }
                }
                if !ops.isEmpty { try appendLocked(fd, ops) }
                return ImportReport(appended: ops.count, unchanged: unchanged, warnings: incoming.warnings)
            }
        }
    }

    // MARK: - Internals

    /// Under the exclusive lock and caught up with the file (other processes' writes too), appends
    /// the operations `ops` returns: they may read the current state.
    private func append(_ ops: () throws -> [FlagOp]) throws {
        try stateLock.withLock {
            try withExclusiveLock { fd in
                try catchUp(fd)
                try appendLocked(fd, try ops())
            }
        }
    }

    /// Opens (creating if needed) the current sidecar, holds an exclusive lock on it while `body` runs.
    /// Retries when the file was replaced between `open` and `flock`.
    private func withExclusiveLock<T>(_ body: (Int32) throws -> T) throws -> T {
        while true {
            let fd = SystemCalls.openFile(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
            if fd < 0 {
                throw FileError.system("open the flags file", path, errno: errno,
                                       consequence: "nothing was saved; earlier flags are intact")
            }
            defer { _ = close(fd) }
            try FileLock.lock(fd, .exclusive, path: path)
            guard FileLock.isCurrent(fd, path: path) else { continue }
            defer { FileLock.unlock(fd) }
            return try body(fd)
        }
    }

    /// Appends `ops` to the locked, caught-up file as one write, then `fsync`s. On failure, cuts the
    /// file back to its previous length and throws.
    private func appendLocked(_ fd: Int32, _ ops: [FlagOp]) throws {
        var size = try fileSize(fd)
        if size == 0 {
            // A new sidecar: make its directory entry durable before anything counts as saved.
            let dir = AtomicWriter.split(path).0
            do {
                try AtomicWriter.syncDirectory(dir)
            } catch {
                throw FileError(action: "save flags in", path: path, code: error.code, reason: error.reason,
                                consequence: "nothing was saved; earlier flags are intact")
            }
        }
        if size > 0, try lastByte(fd, size: size) != 0x0A {
            if readOffset < size {
                // A torn last line from a crashed writer (never a whole operation: the reading
                // stopped before it): cut it off, so the file stays one JSON object a line.
                if ftruncate(fd, off_t(readOffset)) != 0 {
                    throw FileError.system("save flags in", path, errno: errno, consequence: "not saved; earlier flags are intact")
                }
                size = readOffset
            } else {
                // A whole last operation without its newline: end it, so ours is a line of its own.
                try writeOrRollBack(fd, [0x0A], previousSize: size)
                try catchUp(fd)
                size += 1
            }
        }
        var bytes: [UInt8] = []
        for op in ops { bytes += op.encoded() }
        try writeOrRollBack(fd, bytes, previousSize: size)
        if fsync(fd) != 0 {
            let e = errno
            _ = ftruncate(fd, off_t(size))
            throw FileError.system("save flags in", path, errno: e, consequence: "not saved; earlier flags are intact")
        }
        _ = state.consume(bytes[...], path: path)
        readOffset = size + Int64(bytes.count)
    }

    private func writeOrRollBack(_ fd: Int32, _ bytes: [UInt8], previousSize: Int64) throws {
        let failure = bytes.withUnsafeBytes { SystemCalls.writeAll(fd, $0) }
        if failure != 0 {
            _ = ftruncate(fd, off_t(previousSize))
            throw FileError.system("save flags in", path, errno: failure, consequence: "not saved; earlier flags are intact")
        }
    }

    /// Brings `state` up to date with the file open on `fd` (locked by the caller).
    private func catchUp(_ fd: Int32) throws {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError.system("read the flags file", path, errno: errno) }
        let id = (UInt64(st.st_dev), UInt64(st.st_ino))
        let size = Int64(st.st_size)
        if identity == nil || identity! != id || size < readOffset {
            resetState()
            identity = id
        }
        guard size > readOffset else { return }
        let bytes = try readRange(fd, from: readOffset, count: Int(size - readOffset))
        let consumed = state.consume(bytes[...], path: path)
        readOffset += Int64(consumed)
    }

    private func resetState() {
        state = FlagLogState()
        readOffset = 0
        identity = nil
    }

    private func fileSize(_ fd: Int32) throws -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError.system("read the flags file", path, errno: errno) }
        return Int64(st.st_size)
    }

    private func lastByte(_ fd: Int32, size: Int64) throws -> UInt8 {
        try readRange(fd, from: size - 1, count: 1).first ?? 0x0A
    }

    private func readRange(_ fd: Int32, from offset: Int64, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        var failure: Int32 = 0
        out.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < count {
                let n = pread(fd, base + done, count - done, off_t(offset) + off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { break }
                done += n
            }
        }
        if failure != 0 { throw FileError.system("read the flags file", path, errno: failure) }
        return Array(out[0..<done])
    }

    static func readWholeFile(_ path: String) throws -> [UInt8] {
        let fd = SystemCalls.openFile(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw FileError.system("read", path, errno: errno) }
        defer { _ = close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError.system("read", path, errno: errno)
            }
            if n == 0 { break }
            out += chunk[0..<n]
        }
        return out
    }

    private func timestamp() -> String {
        var t = time_t(clock().timeIntervalSince1970.rounded(.down))
        var tm = tm()
        gmtime_r(&t, &tm)
        func pad(_ v: Int32, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(tm.tm_year + 1900, 4))-\(pad(tm.tm_mon + 1, 2))-\(pad(tm.tm_mday, 2))T\(pad(tm.tm_hour, 2)):\(pad(tm.tm_min, 2)):\(pad(tm.tm_sec, 2))Z"
    }

    static func currentUser() -> String {
        let env = ProcessInfo.processInfo.environment
        if let u = env["USER"], !u.isEmpty { return u }
        if let u = env["LOGNAME"], !u.isEmpty { return u }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return String(geteuid())
    }
}
