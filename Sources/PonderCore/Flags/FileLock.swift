#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `flock(2)` on an open file descriptor. The lock belongs to the open file description, so two
/// `FlagLog`s in one process exclude each other just as two processes do. Released by `unlock()` or
/// when the descriptor is closed (also when the process dies: a crashed writer never leaves a
/// stale lock).
enum FileLock {
    enum Mode { case shared, exclusive }

    /// Blocks until the lock is held. Retries on `EINTR`.
    static func lock(_ fd: Int32, _ mode: Mode, path: String) throws(FileError) {
        let op = mode == .shared ? LOCK_SH : LOCK_EX
        while flock(fd, op) != 0 {
            if errno == EINTR { continue }
            throw FileError.system("lock", path, errno: errno)
        }
    }

    static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
    }

    /// Whether `fd` still refers to the file at `path`: false after another process replaced the
    /// file (compaction renames a new one over it), so a lock on `fd` would guard nothing.
    static func isCurrent(_ fd: Int32, path: String) -> Bool {
        var a = stat(), b = stat()
        guard fstat(fd, &a) == 0, stat(path, &b) == 0 else { return false }
        return a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }
}
