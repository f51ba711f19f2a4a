import Foundation
import Testing
import TestSupport

/// Faults under the real binary in a real terminal (GUIDE §5): escape sequences in the data, a
/// dataset truncated or rewritten while open, a full or read-only disk while saving flags and
/// exporting, signals and a terminal closed under the inspector. Each test has its own tmux
/// server (`TmuxTests.Tmux`); the suite runs beside `TmuxTests`, its tests one at a time.
@Suite(.serialized) struct TmuxFaultTests {
    typealias Tmux = TmuxTests.Tmux

    /// A folder for one test: short paths, so messages fit the status line.
    struct Scratch {
        let path = "/tmp/ponder-f-\(UUID().uuidString.prefix(8))"
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        func file(_ name: String) -> String { path + "/" + name }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
        func copy(_ fixture: String, to name: String) throws -> String {
            let target = file(name)
            try FileManager.default.copyItem(atPath: PonderProcess.fixtures.appendingPathComponent(fixture).path, toPath: target)
            return target
        }
    }

    static var binary: String { PonderProcess.binary.path }

    /// The ponder process running in the session's pane (a child of the pane's shell, or the pane itself).
    static func ponderPID(_ t: Tmux, seconds: Double = 10) -> pid_t? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let pane = t.run(["display-message", "-p", "-t", t.session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            if let p = pid_t(pane) {
                if Self.isPonder(p) { return p }
                let children = (try? Spawn.run("/usr/bin/pgrep", ["-P", String(p)]))?.stdoutText ?? ""
                if let child = children.split(separator: "\n").compactMap({ pid_t($0) }).first(where: Self.isPonder) {
                    return child
                }
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    /// The process runs the ponder executable (not a shell whose command line names it).
    static func isPonder(_ pid: pid_t) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) == "ponder"
    }

    /// Whether `pid` is gone (or a zombie waiting for a parent that is not ours to reap).
    static func isGone(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return true }
        return status.contains("State:\tZ")
    }

    static func waitGone(_ pid: pid_t, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !isGone(pid) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        return isGone(pid)
    }

    /// No process left whose command line names `path` (each test opens its own copy of a fixture).
    static func noPonderLeft(naming path: String) -> Bool {
        let out = (try? Spawn.run("/usr/bin/pgrep", ["-f", path]))?.stdoutText ?? ""
        return out.split(separator: "\n").compactMap { pid_t($0) }.filter(isPonder).allSatisfy { isGone($0) }
    }

    static func format(_ t: Tmux, _ f: String) -> String {
        t.run(["display-message", "-p", "-t", t.session, f]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Escape sequences in the data

    /// Opens `escapes.jsonl` in the real binary: the OSC 52 clipboard writes never reach tmux
    /// (which would turn them into paste buffers with `set-clipboard on`), the title is not set,
    /// the screen keeps its table and status line, and `q` restores the terminal. A printf of the
    /// same OSC 52 after ponder exits proves that tmux would have caught a leak.
    @Test func escapeSequencesInTheDataNeverReachTheTerminal() throws {
        guard Tmux.available else { return }
        let dir = Scratch()
        defer { dir.remove() }
        let data = try dir.copy("adversarial/escapes.jsonl", to: "escapes.jsonl")
        let t = Tmux()
        defer { t.kill() }
        let script = "'\(Self.binary)' '\(data)'; echo PONDER-EXITED-$?; printf '\\033]52;c;Y29udHJvbA==\\007'; printf '\\033]2;CONTROL-TITLE\\007'; sleep 60"
        t.run(["new-session", "-d", "-s", t.session, "-x", "160", "-y", "40", "sleep 0.5; " + script,
               ";", "set-option", "-s", "set-clipboard", "on", ";", "set-option", "-g", "allow-rename", "on"])
        let first = t.wait(for: "4 of 4 traces")
        #expect(first.contains("4 of 4 traces"), "\(first)")
        for k in ["j", "j", "j", "k", "k", "k", "Tab", "z", "G", "g", "z", "Tab", "z", "Escape", "j", "Tab", "Tab", "z", "j", "Tab", "z"] {
            t.keys(k)
        }
        let screen = t.wait { $0.contains("^[]52;c;") || $0.contains("<U+") || $0.contains("^M") }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix(" Ponder  4 of 4 traces") == true, "the header moved: \(screen)")
        #expect(lines.contains { $0.contains("escapes.jsonl:") && $0.contains("? help") }, "the status line is gone: \(screen)")
        #expect(!screen.contains("PONDER-EXITED"))
        #expect(t.run(["list-buffers"]).isEmpty, "an OSC 52 clipboard write reached tmux")
        #expect(Self.format(t, "#{pane_title}") != "PONDER-PWNED-TITLE")
        #expect(Self.format(t, "#{alternate_on}") == "1")
        // Go through every trace and pane once more, zoomed, then quit.
        for k in ["g", "z", "j", "j", "j", "Tab", "Tab", "Tab", "Tab", "z", "q"] { t.keys(k) }
        let after = t.wait(for: "PONDER-EXITED-")
        #expect(after.contains("PONDER-EXITED-0"), "\(after)")
        #expect(!after.contains("of 4 traces"), "the inspector's screen was left behind")
        #expect(Self.format(t, "#{alternate_on}") == "0")
        #expect(Self.format(t, "#{cursor_flag}") == "1", "cursor left hidden")
        // The control: the same sequence, printed raw by the shell, is caught.
        let deadline = Date().addingTimeInterval(10)
        while t.run(["list-buffers"]).isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(t.run(["show-buffer"]) == "control", "tmux did not catch the control OSC 52: the check above proves nothing")
        #expect(Self.format(t, "#{pane_title}") == "CONTROL-TITLE", "tmux did not take the control title: the title check proves nothing")
    }

    // MARK: A dataset that changes underneath

    /// The demo, truncated to a third while open: moving to traces past the cut says so (no SIGBUS
    /// crash), an export refuses to write records it can no longer read, and `q` exits normally.
    @Test func aDatasetTruncatedWhileOpenGivesAMessageNotACrash() throws {
        guard Tmux.available else { return }
        let dir = Scratch()
        defer { dir.remove() }
        let data = try dir.copy("demo.jsonl", to: "demo.jsonl")
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(Self.binary)' '\(data)'; echo PONDER-EXITED-$?; sleep 60", width: 220, height: 40)
        let first = t.wait(for: "259 of 259 traces")
        #expect(first.contains("259 of 259 traces"), "\(first)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: data)[.size] as? Int)
        #expect(truncate(data, off_t(size / 3)) == 0)
        t.keys("G")
        let cut = t.wait(for: "was truncated on disk")
        #expect(cut.contains("demo.jsonl was truncated on disk (\(size) → \(size / 3) bytes) since it was loaded: its text may show empty or wrong; reopen it"), "\(cut)")
        for k in ["Tab", "z", "G", "g", "z", "Tab", "Tab", "k", "k", "PageUp", "g", "j", "Tab", "z", "z", "End", "Home"] { t.keys(k) }
        Thread.sleep(forTimeInterval: 1)
        let moved = t.screen()
        #expect(moved.contains("259 of 259 traces") && moved.contains("demo.jsonl:") && moved.contains("? help"), "\(moved)")
        #expect(!moved.contains("PONDER-EXITED"), "\(moved)")
        // Export now would write zeros for the lost records: refused, nothing left behind.
        let out = dir.file("out.jsonl")
        t.keys("E")
        t.run(["send-keys", "-t", t.session, "-l", out])
        t.keys("Enter")
        let refused = t.wait(for: "export NOT written")
        #expect(refused.contains("export NOT written") && refused.contains("was truncated on disk"), "\(refused)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["demo.jsonl"], "a temporary file was left behind")
        t.keys("q")
        let after = t.wait(for: "PONDER-EXITED-")
        #expect(after.contains("PONDER-EXITED-0"), "\(after)")
    }

    /// Rewritten in place (same inode) the file shows through the mapping: said, export refused.
    /// Replaced by a new file (rename, as editors and pipelines do), the loaded version stays
    /// readable: said, and export still writes the records as loaded.
    @Test func aDatasetRewrittenOrReplacedWhileOpenIsSaid() throws {
        guard Tmux.available else { return }
        let dir = Scratch()
        defer { dir.remove() }
        let inPlace = try dir.copy("formats/split_fields.jsonl", to: "inplace.jsonl")
        let replaced = try dir.copy("formats/split_fields.jsonl", to: "replaced.jsonl")
        let original = try Data(contentsOf: URL(fileURLWithPath: replaced))
        let other = Data(String(repeating: #"{"problem":"rewritten","reasoning":"new","answer":"z"}"# + "\n", count: 3).utf8)

        let t = Tmux()
        defer { t.kill() }
        t.start("'\(Self.binary)' '\(inPlace)'; echo PONDER-EXITED-$?; sleep 60", width: 220, height: 30)
        _ = t.wait(for: "4 of 4 traces")
        let fd = open(inPlace, O_WRONLY | O_TRUNC)
        try #require(fd >= 0)
        _ = other.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        t.keys("j")
        let said = t.wait(for: "on disk")
        #expect(said.contains("inplace.jsonl was truncated on disk") || said.contains("inplace.jsonl changed on disk since it was loaded"), "\(said)")
        t.keys("E")
        t.run(["send-keys", "-t", t.session, "-l", dir.file("a.jsonl")])
        t.keys("Enter")
        #expect(t.wait(for: "export NOT written").contains("export NOT written"))
        t.keys("q")
        #expect(t.wait(for: "PONDER-EXITED-").contains("PONDER-EXITED-0"))

        let t2 = Tmux()
        defer { t2.kill() }
        t2.start("'\(Self.binary)' '\(replaced)'; echo PONDER-EXITED-$?; sleep 60", width: 220, height: 30)
        _ = t2.wait(for: "4 of 4 traces")
        try other.write(to: URL(fileURLWithPath: replaced), options: .atomic)  // a new inode, renamed over
        t2.keys("j")
        let replacedSaid = t2.wait(for: "on disk")
        #expect(replacedSaid.contains("replaced.jsonl was replaced on disk since it was loaded: showing the version loaded"), "\(replacedSaid)")
        let out = dir.file("b.jsonl")
        t2.keys("E")
        t2.run(["send-keys", "-t", t2.session, "-l", out])
        t2.keys("Enter")
        #expect(t2.wait(for: "wrote 4 records").contains("wrote 4 records"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == original, "the export is the file as loaded")
        t2.keys("q")
        #expect(t2.wait(for: "PONDER-EXITED-").contains("PONDER-EXITED-0"))
    }

    // MARK: Full and read-only disks

    /// Mounts need a private mount namespace (root, `unshare`): the tmpfs vanishes with the test's
    /// processes, and the host never sees it. Skipped where that is not allowed.
    static let canMountTmpfs: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return false }
        let probe = "/tmp/ponder-mnt-probe-\(getpid())"
        mkdir(probe, 0o755)
        defer { rmdir(probe) }
        let r = try? Spawn.run("/usr/bin/unshare", ["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs \"$0\"", probe], timeout: 20)
        return r?.status == 0
    }()

    /// `ponder export` onto a full tmpfs, over an existing file with --force, and onto a read-only
    /// mount: a message with the system's reason, exit 1, no partial target, the old file untouched.
    @Test(.enabled(if: TmuxFaultTests.canMountTmpfs, "needs unshare -m and tmpfs mounts (root)"))
    func exportToAFullOrReadOnlyDiskLeavesNothingPartial() throws {
        let dir = Scratch()
        defer { dir.remove() }
        let mount = dir.file("m")
        mkdir(mount, 0o755)
        let script = """
            mount -t tmpfs -o size=256k tmpfs "$M" || exit 99
            printf 'old contents\\n' > "$M/old.jsonl"
            "$BIN" export "$IN" -o "$M/new.jsonl"; echo "new-status=$?"
            "$BIN" export "$IN" -o "$M/old.jsonl" --force; echo "force-status=$?"
            echo "listing: $(ls -A "$M" | tr '\\n' ' ')"
            echo "old: $(cat "$M/old.jsonl")"
            mount -o remount,ro "$M" || exit 98
            "$BIN" export "$IN" -o "$M/ro.jsonl"; echo "ro-status=$?"
            echo "listing-ro: $(ls -A "$M" | tr '\\n' ' ')"
            """
        // 300 records of 1.5 KB (450 KB) cannot fit in 256 KB, and load fast.
        let input = dir.file("input.jsonl")
        let record = #"{"problem":"p","reasoning":""# + String(repeating: "x", count: 1500) + #"","answer":"a"}"# + "\n"
        try String(repeating: record, count: 300).write(toFile: input, atomically: false, encoding: .utf8)
        let r = try Spawn.run("/usr/bin/env", ["M=\(mount)", "BIN=\(Self.binary)", "IN=\(input)", "/usr/bin/unshare", "-m", "/bin/sh", "-c", script], timeout: 120)
        let out = r.stdoutText, err = r.stderrText
        #expect(r.status == 0, "\(out)\(err)")
        #expect(out.contains("new-status=1") && out.contains("force-status=1") && out.contains("ro-status=1"), "\(out)\(err)")
        #expect(err.contains("No space left on device"), "\(err)")
        #expect(err.contains("Read-only file system"), "\(err)")
        #expect(out.contains("listing: old.jsonl \n"), "a partial or temporary file was left: \(out)")
        #expect(out.contains("old: old contents"), "the file replaced with --force was damaged: \(out)")
        #expect(out.contains("listing-ro: old.jsonl \n"), "\(out)")
    }

    /// The inspector saving flags to a sidecar on a tmpfs that fills up, then turns read-only:
    /// each failed save says why and that nothing was saved, the sidecar keeps every line saved
    /// before (a save that runs out of space half-way through its line is cut back), and an export
    /// to the full disk leaves nothing behind.
    ///
    /// tmpfs allocates whole pages, so a save fails only when its line needs a new page: the
    /// sidecar is prefilled (a valid line for another trace) to 300 bytes short of a page
    /// boundary, room for exactly one more flag line (about 200 bytes) before the disk is filled.
    @Test(.enabled(if: TmuxFaultTests.canMountTmpfs, "needs unshare -m and tmpfs mounts (root)"))
    func flagsOnAFullThenReadOnlyDiskKeepEverySavedLine() throws {
        guard Tmux.available else { return }
        let dir = Scratch()
        defer { dir.remove() }
        let data = try dir.copy("formats/split_fields.jsonl", to: "data.jsonl")
        let mount = dir.file("m")
        mkdir(mount, 0o755)
        let head = #"{"v":1,"op":"set","key":"ffffffffffffffffffffffffffffffff","labels":["other"],"note":""#
        let tail = #"","time":"2026-01-01T00:00:00Z","user":"pad"}"# + "\n"
        let prefill = head + String(repeating: "x", count: 2 * 4096 - 300 - head.utf8.count - tail.utf8.count) + tail
        try prefill.write(toFile: dir.file("prefill.jsonl"), atomically: false, encoding: .utf8)
        let script = """
            R='\(dir.path)'; M='\(mount)'
            mount -t tmpfs -o size=1m tmpfs "$M" || { echo MOUNT-FAILED; sleep 60; }
            cp "$R/prefill.jsonl" "$M/flags.jsonl"
            ( while [ ! -e "$R/fill" ]; do sleep 0.1; done
              dd if=/dev/zero of="$M/fill" bs=4096 2>/dev/null; touch "$R/filled"
              while [ ! -e "$R/readonly" ]; do sleep 0.1; done
              rm -f "$M/fill"; mount -o remount,ro "$M" && touch "$R/ro-done" ) &
            '\(Self.binary)' '\(data)' --flags-file "$M/flags.jsonl"
            echo PONDER-EXITED-$?
            cp "$M/flags.jsonl" "$R/flags-after.jsonl"; ls -A "$M" > "$R/listing"; touch "$R/done"
            sleep 60
            """
        try script.write(toFile: dir.file("run.sh"), atomically: false, encoding: .utf8)
        let t = Tmux()
        defer { t.kill() }
        t.start("/usr/bin/unshare -m /bin/sh '\(dir.file("run.sh"))'", width: 250, height: 30)
        let first = t.wait(for: "4 of 4 traces")
        #expect(first.contains("4 of 4 traces"), "\(first)")

        func flagSelected() -> String {
            t.keys("f")
            _ = t.wait(for: "[ ] loop")
            t.keys("Space")
            t.keys("Enter")
            let s = t.wait { $0.contains("flags saved") || $0.contains("flags NOT saved") }
            t.keys("Escape")
            t.keys("j")
            _ = t.wait { !$0.contains("flags saved") && !$0.contains("flags NOT saved") }
            return s
        }
        func waitFile(_ name: String) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: dir.file(name)) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            return FileManager.default.fileExists(atPath: dir.file(name))
        }

        let saved = flagSelected()
        #expect(saved.contains("flags saved"), "\(saved)")
        FileManager.default.createFile(atPath: dir.file("fill"), contents: nil)
        #expect(waitFile("filled"))
        let full = flagSelected()
        #expect(full.contains("flags NOT saved") && full.contains("No space left on device") && full.contains("earlier flags are intact"), "\(full)")
        // Export to the full disk: refused, nothing left behind (checked in the listing below).
        t.keys("E")
        t.run(["send-keys", "-t", t.session, "-l", mount + "/export.jsonl"])
        t.keys("Enter")
        let export = t.wait(for: "export NOT written")
        #expect(export.contains("export NOT written") && export.contains("No space left on device"), "\(export)")
        t.keys("Escape")
        FileManager.default.createFile(atPath: dir.file("readonly"), contents: nil)
        #expect(waitFile("ro-done"))
        let readOnly = flagSelected()
        #expect(readOnly.contains("flags NOT saved") && readOnly.contains("Read-only file system"), "\(readOnly)")
        t.keys("q")
        let after = t.wait(for: "PONDER-EXITED-")
        #expect(after.contains("PONDER-EXITED-0"), "\(after)")
        #expect(waitFile("done"))

        let sidecar = try String(contentsOfFile: dir.file("flags-after.jsonl"), encoding: .utf8)
        let lines = sidecar.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(sidecar.hasPrefix(prefill), "the earlier line changed")
        #expect(sidecar.hasSuffix("\n"), "a torn line was left at the end")
        #expect(lines.count == 3 && lines[2].isEmpty, "expected the prefill and one saved flag: \(lines.count - 1) lines")
        for line in lines where !line.isEmpty {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line.prefix(200))")
        }
        #expect(lines.count > 1 && lines[1].contains(#""labels":["mixed"]"#), "\(lines.count > 1 ? lines[1] : "")")
        let listing = try String(contentsOfFile: dir.file("listing"), encoding: .utf8)
        #expect(listing == "flags.jsonl\n", "left on the disk: \(listing)")
        // The saved flag is there for the next session.
        let listed = try PonderProcess.run(["flags", "--flags-file", dir.file("flags-after.jsonl")])
        #expect(listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout)\(listed.stderr)")
    }

    // MARK: Signals and a closed terminal

    /// SIGINT, SIGTERM and SIGHUP: the terminal is restored (main screen, cursor shown, cooked
    /// mode with echo), the process ends with the signal's status, and no ponder is left.
    @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
    func aSignalRestoresTheTerminalAndEndsTheProcess(_ sig: Int32) throws {
        guard Tmux.available else { return }
        let dir = Scratch()
        defer { dir.remove() }
        let data = try dir.copy("formats/sharegpt.jsonl", to: "signal-\(sig).jsonl")
        let t = Tmux()
        defer { t.kill() }
        let tty = #"s=$(stty -a); case "$s" in *-icanon*|*" -echo "*) echo TTY-RAW;; *) echo TTY-COOKED;; esac"#
        t.start("'\(Self.binary)' '\(data)'; echo PONDER-EXITED-$?; \(tty); sleep 60", width: 200, height: 30)
        _ = t.wait(for: "3 of 3 traces")
        t.keys("j")
        let pid = try #require(Self.ponderPID(t))
        #expect(Self.format(t, "#{alternate_on}") == "1")
        #expect(kill(pid, sig) == 0)
        let after = t.wait(for: "TTY-")
        #expect(after.contains("PONDER-EXITED-\(128 + sig)"), "\(after)")
        #expect(!after.contains("of 3 traces"), "the inspector's screen was left behind: \(after)")
        #expect(after.contains("TTY-COOKED"), "terminal left in raw mode or without echo: \(after)")
        #expect(Self.format(t, "#{alternate_on}") == "0")
        #expect(Self.format(t, "#{cursor_flag}") == "1")
        #expect(Self.waitGone(pid))
        #expect(Self.noPonderLeft(naming: data))
    }

    /// The terminal closed under the inspector (its tmux session or the whole server killed):
    /// ponder gets SIGHUP and ends; nothing is left running.
    @Test(arguments: ["kill-session", "kill-server"])
    func aClosedTerminalLeavesNoPonderBehind(_ how: String) throws {
        guard Tmux.available else { return }
        let dir = Scratch()
        defer { dir.remove() }
        let data = try dir.copy("formats/sharegpt.jsonl", to: "closed-\(how).jsonl")
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(Self.binary)' '\(data)'", width: 120, height: 30)
        _ = t.wait(for: "3 of 3 traces")
        let pid = try #require(Self.ponderPID(t))
        if how == "kill-session" { t.run(["kill-session", "-t", t.session]) } else { t.run(["kill-server"]) }
        #expect(Self.waitGone(pid), "ponder \(pid) still running after \(how)")
        #expect(Self.noPonderLeft(naming: data))
    }
}
