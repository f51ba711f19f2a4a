#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a part.
///
/// Bytes go to a temporary file in the target's folder (`.NAME.ponder-tmp-PID-RANDOM`, hidden), through
/// a large buffer. `commit()` flushes, `fsync`s the file, moves it into place and `fsync`s the folder,
/// so a crash after `commit()` returns cannot lose the file, and a crash before it leaves the target
/// as it was (at worst a hidden temporary file is left behind).
///
/// Safety checks, done when the writer is created:
/// - the target must not be one of `inputs`, compared both by resolved path (symlinks followed) and
///   by device and inode (hard links, bind mounts);
/// - an existing target is refused unless `force` is set; without `force` the final step is
///   `link(2)`, which fails if a file appeared at the target meanwhile, so nothing is overwritten even
///   in a race;
/// - a directory, a block device and a socket are refused;
/// - a symbolic link is followed: the new file replaces its destination (with `force`), and the link
///   stays; an existing file's permission bits are kept.
///
/// Streams: `-` (standard output), a character device (`/dev/null`, a terminal) or a FIFO is written
/// directly, as it goes: there is nothing to replace there, so neither `force` nor a temporary file
/// applies, and `commit()` only flushes.
///
/// Any error removes the temporary file and leaves the target untouched; the writer is then finished
/// and further writes throw. `abort()` (or dropping an uncommitted writer) removes the temporary file.
public final class AtomicWriter {
    /// The path the caller asked for.
    public let targetPath: String
    /// The temporary file's path, while one exists.
    public private(set) var temporaryPath: String?
    /// Bytes handed to `write` so far.
    public private(set) var bytesWritten: Int = 0

    private let force: Bool
    /// Where the new file goes: the target, or the destination of the symbolic link there.
    private let destination: String
    /// Written as it goes (standard output, a device, a FIFO), not through a temporary file.
    private let direct: Bool
    private let directory: String
    private let bufferSize: Int
    private var buffer: [UInt8]
    private var fd: Int32 = -1
    private var finished = false

    /// Creates the temporary file. Throws when the target is an input, exists without `force`, is a
    /// directory, or the folder is not writable.
    /// - Parameters:
    ///   - bufferSize: bytes collected before each `write(2)`; 1 MiB by default.
    public init(target: String, force: Bool = false, inputs: [String] = [], bufferSize: Int = 1 << 20) throws(FileError) {
        self.targetPath = target
        self.force = force
        self.bufferSize = max(bufferSize, 4096)
        self.buffer = []
        if target == "-" {
            try AtomicWriter.refuseInput(STDOUT_FILENO, target: target, inputs: inputs)
            self.destination = target
            self.direct = true
            self.directory = "."
            self.fd = STDOUT_FILENO
            return
        }
        var linkStat = stat()
        var destination = target
        if lstat(target, &linkStat) == 0, linkStat.st_mode & S_IFMT == S_IFLNK {
            guard let resolved = AtomicWriter.resolve(target) else {
                throw FileError(action: "write", path: target, reason: "it is a symbolic link to a file or folder that does not exist")
            }
            destination = resolved
        }
        self.destination = destination
        var special = stat()
        if stat(destination, &special) == 0, AtomicWriter.isStream(special) {
                // Non-blocking open: a FIFO nobody reads fails at once (ENXIO) instead of waiting
                // forever; the writes then block as usual.
                let fd = SystemCalls.openFile(destination, O_WRONLY | O_CLOEXEC | O_NONBLOCK, 0)
                if fd < 0 {
                    let e = errno
                    if e == ENXIO { throw FileError(action: "write", path: target, reason: "it is a FIFO that no process is reading") }
                    throw FileError.system("open", target, errno: e)
                }
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
                do { try AtomicWriter.refuseInput(fd, target: target, inputs: inputs) } catch { close(fd); throw error }
                self.direct = true
                self.directory = "."
                self.fd = fd
                return
        }
        if special.st_mode & S_IFMT == S_IFBLK || special.st_mode & S_IFMT == S_IFSOCK {
            throw FileError(action: "write", path: target, reason: "it is a device or a socket, not a file")
        }
        self.direct = false
        let (dir, base) = AtomicWriter.split(destination)
        self.directory = dir
        guard !base.isEmpty, base != ".", base != ".." else {
            throw FileError(action: "write", path: target, reason: "not a file name")
        }

        var targetStat = stat()
        let targetExists = lstat(destination, &targetStat) == 0
        let resolvedTarget = AtomicWriter.canonical(destination)
        var followed = stat()
        let followedExists = stat(destination, &followed) == 0
        for input in inputs {
            var same = false
            if let r = resolvedTarget, let ri = AtomicWriter.canonical(input), r == ri { same = true }
            var si = stat()
            if followedExists, stat(input, &si) == 0, si.st_dev == followed.st_dev, si.st_ino == followed.st_ino {
                same = true
            }
            if same {
                throw FileError(action: "write", path: target, reason: "it is one of the files being read (\(input)); Ponder never overwrites what it reads")
            }
        }
        if targetExists {
            if (followedExists ? followed.st_mode : targetStat.st_mode) & S_IFMT == S_IFDIR {
                throw FileError(action: "write", path: target, reason: "it is a directory")
            }
            if !force {
                throw FileError(action: "write", path: target, reason: "the file exists; use --force to replace it")
            }
        }

        var fd: Int32 = -1
        var path = ""
        for _ in 0..<16 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
            path = (dir == "." && !destination.hasPrefix("./") ? "" : dir + (dir.hasSuffix("/") ? "" : "/")) + ".\(base).ponder-tmp-\(getpid())-\(suffix)"
            fd = SystemCalls.openFile(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        if fd < 0 {
            throw FileError.system("create a temporary file in", dir, errno: errno, consequence: "\(target) is unchanged")
        }
        if targetExists && followedExists {
            _ = fchmod(fd, followed.st_mode & 0o7777)
        }
        self.fd = fd
        self.temporaryPath = path
        self.buffer.reserveCapacity(self.bufferSize)
    }

    deinit {
        if !finished { abort() }
    }

    /// Appends bytes. Small writes are collected; large ones go straight to the file.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        try checkOpen()
        bytesWritten += bytes.count
        if buffer.count + bytes.count <= bufferSize {
            buffer.append(contentsOf: bytes)
            if buffer.count == bufferSize { try flush() }
            return
        }
        try flush()
        if bytes.count >= bufferSize {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    /// Appends the UTF-8 bytes of `s`.
    public func write(_ s: String) throws(FileError) {
        var s = s
        var failure: FileError?
        s.withUTF8 { u in
            do { try self.write(UnsafeRawBufferPointer(u)) } catch let e as FileError { failure = e } catch {}
        }
        if let failure { throw failure }
    }

    /// Appends bytes from an array.
    public func write(_ bytes: [UInt8]) throws(FileError) {
        var failure: FileError?
        bytes.withUnsafeBytes { raw in
            do { try self.write(raw) } catch let e as FileError { failure = e } catch {}
        }
        if let failure { throw failure }
    }

    /// Flushes, syncs and moves the file into place, then syncs the folder. Returns the bytes written.
    /// On failure the target is unchanged and the temporary file removed (except if only the final
    /// folder sync fails: the new file is then in place, and the error says so).
    @discardableResult
    public func commit() throws(FileError) -> Int {
        try checkOpen()
        try flush()
        if direct {
            finished = true
            let closed = fd == STDOUT_FILENO ? 0 : close(fd)
            fd = -1
            if closed != 0 { throw FileError.system("close", targetPath, errno: errno) }
            return bytesWritten
        }
        if fsync(fd) != 0 {
            let e = errno
            fail()
            throw FileError.system("sync", targetPath, errno: e, consequence: "\(targetPath) is unchanged")
        }
        let closed = close(fd)
        fd = -1
        if closed != 0 {
            let e = errno
            fail()
            throw FileError.system("close", targetPath, errno: e, consequence: "\(targetPath) is unchanged")
        }
        guard let tmp = temporaryPath else { throw FileError(action: "write", path: targetPath, reason: "writer already finished") }
        if force {
            if rename(tmp, destination) != 0 {
                let e = errno
                fail()
                throw FileError.system("rename into", targetPath, errno: e, consequence: "\(targetPath) is unchanged")
            }
        } else {
            if link(tmp, destination) == 0 {
                _ = unlink(tmp)
            } else {
                let e = errno
                if e == EEXIST {
                    fail()
                    throw FileError(action: "write", path: targetPath, reason: "a file appeared there while exporting; use --force to replace it", consequence: "it is unchanged")
                }
                // Some file systems refuse hard links: check again and rename.
                var st = stat()
                if lstat(destination, &st) == 0 {
                    fail()
                    throw FileError(action: "write", path: targetPath, reason: "a file appeared there while exporting; use --force to replace it", consequence: "it is unchanged")
                }
                if rename(tmp, destination) != 0 {
                    let e2 = errno
                    fail()
                    throw FileError.system("rename into", targetPath, errno: e2, consequence: "\(targetPath) is unchanged")
                }
            }
        }
        temporaryPath = nil
        finished = true
        let result = bytesWritten
        do {
            try AtomicWriter.syncDirectory(directory)
        } catch {
            throw FileError(action: "sync the folder of", path: targetPath, code: error.code, reason: error.reason,
                            consequence: "the new file is in place but may not survive a power loss")
        }
        return result
    }

    /// Drops everything written: closes and removes the temporary file. The target is untouched.
    /// Safe to call more than once, and after a failure.
    public func abort() {
        fail()
    }

    // MARK: - Internals

    private func checkOpen() throws(FileError) {
        if finished || fd < 0 {
            throw FileError(action: "write", path: targetPath, reason: "the writer is already committed or aborted")
        }
    }

    private func flush() throws(FileError) {
        if buffer.isEmpty { return }
        var failure: FileError?
        buffer.withUnsafeBytes { raw in
            do { try self.writeAll(raw) } catch let e as FileError { failure = e } catch {}
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure { throw failure }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
        let e = SystemCalls.writeAll(fd, bytes)
        if e != 0 {
            fail()
            throw FileError.system("write", targetPath, errno: e,
                                   consequence: direct ? "what was written before stays there" : "\(targetPath) is unchanged")
        }
    }

    private func fail() {
        if fd >= 0 {
            if fd != STDOUT_FILENO || !direct { _ = close(fd) }
            fd = -1
        }
        if let tmp = temporaryPath {
            _ = unlink(tmp)
            temporaryPath = nil
        }
        buffer = []
        finished = true
    }

    /// `fsync`s a directory so that a rename or a new entry in it survives a crash.
    /// File systems that cannot sync directories (`EINVAL`) are accepted.
    public static func syncDirectory(_ dir: String) throws(FileError) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd < 0 { throw FileError.system("open the folder", dir, errno: errno) }
        defer { _ = close(dfd) }
        if fsync(dfd) != 0 && errno != EINVAL {
            throw FileError.system("sync the folder", dir, errno: errno)
        }
    }

    /// The folder and the last path component of `path` (`"."` when there is no slash).
    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let dir = String(path[..<slash])
        let base = String(path[path.index(after: slash)...])
        return (dir.isEmpty ? "/" : dir, base)
    }

    /// Whether `path` is written as a stream, as it goes, never replaced: `-` (standard output), or
    /// (symbolic links followed) a character device or a FIFO.
    public static func isStream(_ path: String) -> Bool {
        var st = stat()
        return path == "-" || (stat(path, &st) == 0 && isStream(st))
    }

    static func isStream(_ st: stat) -> Bool {
        st.st_mode & S_IFMT == S_IFCHR || st.st_mode & S_IFMT == S_IFIFO
    }

    /// A stream that is in fact one of `inputs` (standard output opened onto it: `1<>data.jsonl`)
    /// is refused: writing would overwrite the input as it is read.
    static func refuseInput(_ fd: Int32, target: String, inputs: [String]) throws(FileError) {
        var out = stat()
        guard fstat(fd, &out) == 0, out.st_mode & S_IFMT == S_IFREG else { return }
        for input in inputs {
            var st = stat()
            if stat(input, &st) == 0, st.st_dev == out.st_dev, st.st_ino == out.st_ino {
                throw FileError(action: "write", path: target, reason: "it is one of the files being read (\(input)); Ponder never overwrites what it reads")
            }
        }
    }

    /// The resolved path of `path`, or of its folder and its name when it does not exist (yet); nil
    /// when the folder does not exist either.
    static func canonical(_ path: String) -> String? {
        if let r = resolve(path) { return r }
        let (dir, base) = split(path)
        guard let d = resolve(dir) else { return nil }
        return d == "/" ? "/" + base : d + "/" + base
    }

    /// `realpath(3)`, or nil when the path does not exist.
    static func resolve(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
