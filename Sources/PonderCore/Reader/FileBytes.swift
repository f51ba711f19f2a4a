import CGuard
import CZlib
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A problem with the input, with its location: a malformed record, an unreadable file.
public struct InputProblem: Sendable, Error, CustomStringConvertible {
    public var file: String
    /// 1-based line, 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based byte column within the line, 0 when unknown.
    public var column: Int
    public var reason: String

    public init(file: String, line: Int = 0, column: Int = 0, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        if column > 0 { s += ":\(column)" }
        return s + ": " + reason
    }
}

/// The bytes of one dataset file, available for the whole run.
///
/// A regular file is mapped read-only (`MAP_POPULATE`): the page cache's pages are used as they
/// are, where reading into fresh memory cost more than the whole scan on virtual machines (zeroing
/// new pages). A file truncated while mapped would raise SIGBUS; the `CGuard` handler maps zeros
/// over the lost pages, and `changeOnDisk()` tells the user. gzip and standard input are read into
/// memory Ponder owns. The bytes are the file's own cost; everything else is per-trace figures.
public final class FileBytes: @unchecked Sendable {
    public let path: String
    /// What the user named it (`-` for standard input).
    public let displayName: String
    public let bytes: UnsafeRawBufferPointer
    public let wasGzip: Bool
    /// Size and modification time of the file when read (nil for standard input).
    public let fileSize: Int?
    public let modified: Date?
    /// Device and inode of the file read (nil for standard input): tells a file replaced by a new
    /// one (the old pages stay intact) from one changed in place.
    public private(set) var identity: (device: UInt64, inode: UInt64)? = nil
    /// A problem reading the file that left part of it usable (a gzip stream cut short or damaged:
    /// what was decompressed before it is kept). The record index reports it.
    public let readProblem: InputProblem?

    /// How the storage was allocated, so that it is released the same way.
    private let mapped: Bool

    private init(path: String, displayName: String, storage: UnsafeMutableRawBufferPointer, count: Int,
                 wasGzip: Bool, fileSize: Int?, modified: Date?, mapped: Bool = false, readProblem: InputProblem? = nil) {
        self.mapped = mapped
        self.readProblem = readProblem
        self.path = path
        self.displayName = displayName
        self.bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[0..<count])
        self.wasGzip = wasGzip
        self.fileSize = fileSize
        self.modified = modified
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
        } else {
            free(UnsafeMutableRawPointer(mutating: base))
        }
    }

    private var mappedLength: Int { bytes.count }

    /// Maps a regular file read-only. The page cache's pages are used as they are: no copy and no
    /// zeroing of fresh memory (which, on virtual machines, cost more than the whole scan). A file
    /// truncated while mapped would raise SIGBUS; `CGuard` turns that into pages of zeros, and the
    /// loader reports the change (`FileBytes.changedUnderneath`).
    private static func mapRegular(_ fd: Int32, size: Int) -> UnsafeMutableRawBufferPointer? {
        guard ponder_install_sigbus_guard() == 0 else { return nil }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), base != MAP_FAILED else { return nil }
        _ = madvise(base, size, MADV_SEQUENTIAL)
        return UnsafeMutableRawBufferPointer(start: base, count: size)
    }

    /// Faults absorbed because a mapped file shrank under Ponder (see `CGuard`).
    public static var changedUnderneath: Int { ponder_sigbus_hits() }

    /// The descriptor `-` reads: standard input, unless the inspector moved the data elsewhere to
    /// take its keys from the terminal (`ponder - < data`). Set once, before loading.
    nonisolated(unsafe) public static var standardInput: Int32 = 0

    /// Reads a file (or `-` for standard input), decompressing gzip transparently.
    public static func read(_ path: String) throws(InputProblem) -> FileBytes {
        let display = path
        let fd: Int32
        if path == "-" {
            fd = standardInput
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw InputProblem(file: display, reason: "cannot open: \(String(cString: strerror(errno)))") }
        }
        defer { if path != "-" { close(fd) } }

        var st = stat()
        var size: Int? = nil
        var mtime: Date? = nil
        if fstat(fd, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw InputProblem(file: display, reason: "is a directory, expected a JSONL or JSON file") }
            if (st.st_mode & S_IFMT) == S_IFREG {
                size = Int(st.st_size)
                mtime = Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
            }
        }
        let identity = size != nil ? (device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) : nil
        let file = try readOpen(fd, path: path, display: display, size: size, mtime: mtime)
        file.identity = identity
        return file
    }

    private static func readOpen(_ fd: Int32, path: String, display: String, size: Int?, mtime: Date?) throws(InputProblem) -> FileBytes {
        if let size, size > 0, let mappedBuffer = mapRegular(fd, size: size) {
            let count = mappedBuffer.count
            let isGzip = count >= 2 && mappedBuffer[0] == 0x1F && mappedBuffer[1] == 0x8B
            if !isGzip {
                return FileBytes(path: path, displayName: display, storage: mappedBuffer, count: count, wasGzip: false,
                                 fileSize: size, modified: mtime, mapped: true)
            }
            defer { munmap(mappedBuffer.baseAddress, size) }
            let (out, outCount, problem) = try gunzip(UnsafeRawBufferPointer(mappedBuffer), name: display)
            return FileBytes(path: path, displayName: display, storage: out, count: outCount, wasGzip: true,
                             fileSize: size, modified: mtime, readProblem: problem)
        }
        var (buf, count) = try readAll(fd, sizeHint: size, name: display)
        var gz = false
        var problem: InputProblem? = nil
        if count >= 2, buf.load(fromByteOffset: 0, as: UInt8.self) == 0x1F, buf.load(fromByteOffset: 1, as: UInt8.self) == 0x8B {
            let raw = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[0..<count])
            do {
                let (out, outCount, cut) = try gunzip(raw, name: display)
                free(buf.baseAddress)
                buf = out
                count = outCount
                gz = true
                problem = cut
            } catch {
                free(buf.baseAddress)
                throw error
            }
        }
        return FileBytes(path: path, displayName: display, storage: buf, count: count, wasGzip: gz,
                         fileSize: size, modified: mtime, readProblem: problem)
    }

    /// Wraps bytes already in memory (tests, generated data).
    public static func inMemory(_ data: [UInt8], name: String) -> FileBytes {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        data.withUnsafeBytes { src in
            if let b = src.baseAddress { storage.baseAddress!.copyMemory(from: b, byteCount: src.count) }
        }
        return FileBytes(path: name, displayName: name, storage: storage, count: data.count, wasGzip: false,
                         fileSize: data.count, modified: nil)
    }

    private static func readAll(_ fd: Int32, sizeHint: Int?, name: String) throws(InputProblem) -> (UnsafeMutableRawBufferPointer, Int) {
        var capacity = max((sizeHint ?? 1 << 20) + 1, 64)
        guard var base = malloc(capacity) else { throw InputProblem(file: name, reason: "out of memory reading the file") }
        var count = 0
        while true {
            if count == capacity {
                capacity *= 2
                guard let grown = realloc(base, capacity) else {
                    free(base)
                    throw InputProblem(file: name, reason: "out of memory reading the file")
                }
                base = grown
            }
            let n = Glibc.read(fd, base + count, min(capacity - count, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                let msg = String(cString: strerror(errno))
                free(base)
                throw InputProblem(file: name, reason: "read failed: \(msg)")
            }
            if n == 0 { break }
            count += n
        }
        return (UnsafeMutableRawBufferPointer(start: base, count: capacity), count)
    }

    /// Decompresses gzip (concatenated members too). A stream cut short or damaged after some output
    /// keeps that output and returns the problem with it (the lines before the damage load); with no
    /// output at all it throws.
    private static func gunzip(_ input: UnsafeRawBufferPointer, name: String) throws(InputProblem)
        -> (UnsafeMutableRawBufferPointer, Int, InputProblem?) {
        var stream = z_stream()
        guard ponder_inflate_init_gzip(&stream) == Z_OK else { throw InputProblem(file: name, reason: "gzip: cannot initialise zlib") }
        defer { inflateEnd(&stream) }
        var capacity = max(input.count * 4, 1 << 16)
        guard var out = malloc(capacity) else { throw InputProblem(file: name, reason: "out of memory decompressing") }
        var produced = 0
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = 0
        var consumed = 0
        while true {
            if stream.avail_in == 0 && consumed < input.count {
                let chunk = min(input.count - consumed, 1 << 30)
                stream.next_in = UnsafeMutablePointer(mutating: (input.baseAddress! + consumed).assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(chunk)
                consumed += chunk
            }
            if produced == capacity {
                capacity *= 2
                guard let grown = realloc(out, capacity) else {
                    free(out)
                    throw InputProblem(file: name, reason: "out of memory decompressing")
                }
                out = grown
            }
            let room = min(capacity - produced, 1 << 30)
            stream.next_out = (out + produced).assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(room)
            let rc = inflate(&stream, Z_NO_FLUSH)
            produced += room - Int(stream.avail_out)
            if rc == Z_STREAM_END {
                // Concatenated gzip members (as `cat a.gz b.gz` makes) continue.
                let remaining = Int(stream.avail_in) + (input.count - consumed)
                if remaining > 0 {
                    inflateReset(&stream)
                    continue
                }
                break
            }
            var damage: String? = nil
            if rc == Z_BUF_ERROR && stream.avail_in == 0 && consumed >= input.count {
                damage = "gzip: truncated stream (the file ends before its end marker)"
            } else if rc != Z_OK && rc != Z_BUF_ERROR {
                damage = "gzip: corrupt data (\(stream.msg.map { String(cString: $0) } ?? "error \(rc)"))"
            }
            if let damage {
                guard produced > 0 else {
                    free(out)
                    throw InputProblem(file: name, reason: damage)
                }
                return (UnsafeMutableRawBufferPointer(start: out, count: capacity), produced,
                        InputProblem(file: name, reason: damage + "; the \(formatBytes(produced)) decompressed before it are read"))
            }
        }
        return (UnsafeMutableRawBufferPointer(start: out, count: capacity), produced, nil)
    }
}

extension FileBytes {
    /// Whether the file on disk is still the one that was read: nil when its size and modification
    /// time are unchanged (and for standard input), else what changed, for a message. When the
    /// file was mapped (`aliasesFile`), records past a cut read as zeros and a rewrite shows through.
    public func changeOnDisk() -> String? {
        guard path != "-", let fileSize else { return nil }
        var st = stat()
        guard stat(path, &st) == 0 else { return "\(displayName) is gone from disk (\(String(cString: strerror(errno))))" }
        let mtime = Date(timeIntervalSince1970: Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9)
        if Int(st.st_size) == fileSize && mtime == modified { return nil }
        if let identity, identity != (UInt64(st.st_dev), UInt64(st.st_ino)) {
            return "\(displayName) was replaced on disk since it was loaded"
        }
        if Int(st.st_size) < fileSize { return "\(displayName) was truncated on disk (\(fileSize) → \(st.st_size) bytes) since it was loaded" }
        return "\(displayName) changed on disk since it was loaded"
    }

    /// Whether the bytes held may no longer be what was read: the file was mapped and changed in
    /// place (truncated or rewritten), so records past a cut read as zeros and a rewrite shows
    /// through. A file replaced by a new one keeps its old pages intact.
    public var bytesChanged: Bool {
        guard mapped, changeOnDisk() != nil, let identity else { return false }
        var st = stat()
        return stat(path, &st) != 0 || identity == (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    /// Installs the SIGBUS guard for mapped files now (the inspector does this before it installs
    /// its own signal handlers, so that the two never race).
    public static func installGuard() { _ = ponder_install_sigbus_guard() }
}
