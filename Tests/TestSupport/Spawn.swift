import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs child processes for the tests without Foundation's `Process`.
///
/// Foundation's `Process.waitUntilExit` on Linux was seen to wait forever for a child that had
/// already exited (a `tmux` client whose server it had just forked stayed a zombie, never reaped),
/// and reading a pipe to its end waits for every process that inherited it. Here the child's
/// standard streams are files, never pipes, and the wait is `waitpid` polled against a deadline,
/// after which the child is killed: a test can fail, never hang.
public enum Spawn {
    public struct Result: Sendable {
        /// Exit status, or 128 + the signal number when a signal ended the child.
        public var status: Int32
        public var signal: Int32?
        public var timedOut: Bool
        public var stdout: Data
        public var stderr: Data
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` with `arguments`, `stdin` as its standard input (empty when nil),
    /// `environment` added to this process's, in `directory` when given, and waits at most
    /// `timeout` seconds.
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                           environment: [String: String] = [:], directory: String? = nil,
                           timeout: Double = 300) throws -> Result {
        let input = try scratchFile(stdin ?? Data())
        let output = try scratchFile(Data())
        let errors = try scratchFile(Data())
        defer { close(input); close(output); close(errors) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)

        // The test runner may block or ignore signals; the child starts with the defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        // Glibc's addchdir_np is not visible to Swift: a shell changes folder, then execs.
        let command = directory.map { ["/bin/sh", "-c", #"cd "$0" && exec "$@""#, $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }

        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
            if !timedOut && Date() > deadline {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(5_000)
        }
        let signal: Int32? = (status & 0x7f) != 0 ? status & 0x7f : nil
        let code = signal.map { 128 + $0 } ?? (status >> 8) & 0xff
        return Result(status: code, signal: signal, timedOut: timedOut,
                      stdout: readAll(output), stderr: readAll(errors))
    }

    /// `/bin/sh -c script` with `arguments` as `$1`...
    public static func shell(_ script: String, _ arguments: [String] = [], timeout: Double = 300) throws -> Result {
        try run("/bin/sh", ["-c", script, "sh"] + arguments, timeout: timeout)
    }

    /// An unlinked temporary file holding `data`, positioned at its start.
    private static func scratchFile(_ data: Data) throws -> Int32 {
        var template = Array((NSTemporaryDirectory() + "/ponder-spawn-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(description: "mkstemp: \(String(cString: strerror(errno)))") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var rest = data[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { close(fd); throw Failure(description: "cannot write a temporary file") }
            rest = rest.dropFirst(n)
        }
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    private static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
            offset += off_t(n)
        }
        return data
    }
}
