import Foundation
import Testing
import TestSupport

/// End-to-end: the real binary in a real terminal (tmux). Skipped where tmux is not installed.
@Suite(.serialized) struct TmuxTests {
    struct Tmux {
        let session = "ponder-test-\(UUID().uuidString.prefix(8))"

        static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") }

        /// Runs tmux on this test's own server (its own socket): the tests never touch a server
        /// of the user's, and `kill` ends every process they started.
        @discardableResult
        func run(_ args: [String]) -> String {
            let r = try? Spawn.run("/usr/bin/tmux", ["-L", session] + args, timeout: 30)
            return r?.stdoutText ?? ""
        }

        func start(_ command: String, width: Int = 120, height: Int = 40) {
            run(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
        }
        func keys(_ k: String...) { run(["send-keys", "-t", session] + k) }
        func screen() -> String { run(["capture-pane", "-t", session, "-p"]) }
        func kill() {
            run(["kill-server"])
            let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
            unlink("\(folder)/tmux-\(getuid())/\(session)")
        }

        /// Waits until the screen contains `text` (or times out, returning the last screen).
        func wait(for text: String, seconds: Double = 20) -> String {
            wait(seconds: seconds) { $0.contains(text) }
        }

        func wait(seconds: Double = 20, until done: (String) -> Bool) -> String {
            let deadline = Date().addingTimeInterval(seconds)
            var s = screen()
            while !done(s) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.1)
                s = screen()
            }
            return s
        }
    }

    static func countLine(_ screen: String) -> String? {
        screen.split(separator: "\n").first.map(String.init)
    }

    @Test func filterHelpResizeAndQuitRestoreTheTerminal() throws {
        guard Tmux.available else { return }
        let t = Tmux()
        defer { t.kill() }
        let fixture = PonderProcess.packageRoot.appendingPathComponent("fixtures/formats/think_tags.jsonl").path
        t.start("TERM=xterm-256color '\(PonderProcess.binary.path)' '\(fixture)'; echo PONDER-EXITED-$?; sleep 30")
        let first = t.wait(for: "5 of 5 traces")
        #expect(first.contains("5 of 5 traces"), "\(first)")
        t.keys("t")  // truncated only
        let filtered = t.wait { s in (Self.countLine(s) ?? "").contains(" of 5 traces") && !(Self.countLine(s) ?? "").contains("5 of 5") }
        let header = Self.countLine(filtered) ?? ""
        #expect(header.contains("1 of 5 traces"), "\(filtered)")
        t.keys("?")
        let help = t.wait(for: "show only truncated traces")
        #expect(help.contains("show only truncated traces"))
        t.keys("Escape")
        t.run(["resize-window", "-t", t.session, "-x", "40", "-y", "8"])
        Thread.sleep(forTimeInterval: 0.5)
        t.run(["resize-window", "-t", t.session, "-x", "150", "-y", "45"])
        _ = t.wait(for: "of 5 traces")
        t.keys("q")
        let after = t.wait(for: "PONDER-EXITED-")
        #expect(after.contains("PONDER-EXITED-0"), "\(after)")
        // The shell's screen is back: no table header left behind.
        #expect(!after.contains("of 5 traces"))
    }
}

extension TmuxTests {
    /// Flags saved in the inspector survive a SIGKILL of the process; export from the inspector
    /// writes the visible records.
    @Test func flagsSurviveSigkillAndExportFromTheInspector() throws {
        guard Tmux.available else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.jsonl")
        try FileManager.default.copyItem(at: PonderProcess.fixtures.appendingPathComponent("formats/split_fields.jsonl"), to: data)
        let t = Tmux()
        defer { t.kill() }
        t.start("'\(PonderProcess.binary.path)' '\(data.path)'; sleep 60")
        _ = t.wait(for: "4 of 4 traces")
        for _ in 0..<2 {
            t.keys("f")
            _ = t.wait(for: "loop")
            t.keys("Space")
            t.keys("Enter")
            _ = t.wait(for: "flags saved")
            t.keys("Escape")
            t.keys("j")
        }
        // Killed without a chance to clean up: whatever was reported saved must be on disk.
        _ = try Spawn.run("/usr/bin/pkill", ["-KILL", "-f", "ponder \(data.path)"])
        let listed = try PonderProcess.run(["flags", data.path])
        #expect(listed.stdout.split(separator: "\n").count == 2, "\(listed.stdout)\(listed.stderr)")

        let t2 = Tmux()
        defer { t2.kill() }
        t2.start("'\(PonderProcess.binary.path)' '\(data.path)'; sleep 60")
        _ = t2.wait(for: "4 of 4 traces")
        t2.keys("F")
        let flagged = t2.wait(for: "2 of 4 traces")
        #expect(flagged.contains("2 of 4 traces"), "\(flagged)")
        let out = dir.appendingPathComponent("curated.jsonl")
        t2.keys("E")
        t2.run(["send-keys", "-t", t2.session, "-l", out.path])
        t2.keys("Enter")
        let done = t2.wait(for: "wrote 2 records")
        #expect(done.contains("wrote 2 records"), "\(done)")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        let original = try String(contentsOf: data, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { original.contains($0) })
    }
}
