import Foundation
import Testing
import TestSupport
@testable import PonderCore
#if canImport(Glibc)
import Glibc
#endif

private func fixedLog(_ path: String, user: String = "ana") throws -> FlagLog {
    let log = FlagLog(path: path, user: user, clock: { Date(timeIntervalSince1970: 1_795_924_800) }) // 2026-11-29T04:00:00Z
    try log.reload()
    return log
}

private func key(_ n: Int) -> ContentKey {
    FlagLog.key(prompt: "prompt \(n)", reasoning: "reasoning \(n)", answer: "answer \(n)")
}

private func lines(_ path: String) -> [String] {
    (readText(path) ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
}

@Suite struct ContentKeyTests {
    /// Expected values computed by an independent Python implementation of the documented hash.
    @Test(arguments: [
        ("What is 2+2?", "Two plus two is four.", "4", "8070bfd76168cff31d76bf4955a23b3f"),
        ("", "", "", "7aec144bb805f67dfad48ec0d8ab0d49"),
        ("数学", "Let me think… 分解", "42 ✓", "31fb8c174c6288b11c6a1117f8c3206b"),
    ])
    func keyIsStable(_ c: (String, String, String, String)) {
        let k = FlagLog.key(prompt: c.0, reasoning: c.1, answer: c.2)
        #expect(k.hex == c.3)
        #expect(ContentKey(hex: c.3) == k)
        #expect(ContentKey(hex: c.3.uppercased()) == k)
    }

    @Test func fieldBoundariesMatter() {
        let a = FlagLog.key(prompt: "ab", reasoning: "c", answer: "")
        let b = FlagLog.key(prompt: "a", reasoning: "bc", answer: "")
        let c = FlagLog.key(prompt: "abc", reasoning: "", answer: "")
        #expect(a != b && b != c && a != c)
        #expect(FlagLog.key(prompt: "x", reasoning: "y", answer: "z\u{0}") != FlagLog.key(prompt: "x", reasoning: "y", answer: "z"))
    }

    @Test func rejectsBadHex() {
        #expect(ContentKey(hex: "") == nil)
        #expect(ContentKey(hex: String(repeating: "g", count: 32)) == nil)
        #expect(ContentKey(hex: String(repeating: "0", count: 31)) == nil)
    }
}

@Suite struct FlagLogTests {
    @Test func sidecarPathIsBesideTheDataset() {
        #expect(FlagLog.sidecarPath(forDataset: "/d/data.jsonl") == "/d/data.jsonl.ponder-flags.jsonl")
    }

    @Test func writesTheDocumentedLineFormat() throws {
        let dir = TempDir()
        let path = dir.file("data.jsonl.ponder-flags.jsonl")
        let log = try fixedLog(path)
        let k = FlagLog.key(prompt: "What is 2+2?", reasoning: "Two plus two is four.", answer: "4")
        try log.set(k, labels: ["mixed", "Loop", "loop"], note: "says \"hi\"\n", location: FlagLocation(file: "data.jsonl", line: 12, generation: 0))
        try log.clear(k)
        #expect(lines(path) == [
            #"{"v":1,"op":"set","key":"8070bfd76168cff31d76bf4955a23b3f","labels":["loop","mixed"],"note":"says \"hi\"\n","time":"2026-11-29T04:00:00Z","user":"ana","file":"data.jsonl","line":12,"generation":0}"#,
            #"{"v":1,"op":"clear","key":"8070bfd76168cff31d76bf4955a23b3f","time":"2026-11-29T04:00:00Z","user":"ana"}"#,
        ])
    }

    @Test func latestOperationWins() throws {
        let dir = TempDir()
        let path = dir.file("flags.jsonl")
        let log = try FlagLog.open(path: path)
        #expect(log.count == 0)
        try log.set(key(1), labels: ["loop"])
        try log.set(key(2), labels: ["truncated"])
        try log.set(key(1), labels: ["mixed"], note: "Chinese in English")
        try log.clear(key(2))
        try log.set(key(3), labels: ["outlier"])
        #expect(log.flags(for: key(1))?.labels == ["mixed"])
        #expect(log.flags(for: key(2)) == nil)

        let again = try FlagLog.open(path: path)
        #expect(again.warnings.isEmpty)
        #expect(again.count == 2)
        #expect(again.flags(for: key(1))?.labels == ["mixed"])
        #expect(again.flags(for: key(1))?.note == "Chinese in English")
        #expect(again.flags(for: key(2)) == nil)
        #expect(again.flags(for: key(3))?.labels == ["outlier"])
        #expect(lines(path).count == 5)
    }

    @Test func invalidLabelsAreRefusedAndNothingIsWritten() throws {
        let dir = TempDir()
        let log = try FlagLog.open(path: dir.file("f.jsonl"))
        #expect(throws: InvalidFlagLabel.self) { try log.set(key(1), labels: ["two words"]) }
        #expect(throws: InvalidFlagLabel.self) { try log.set(key(1), labels: [""]) }
        #expect(dir.entries().isEmpty)
        try log.set(key(1), labels: [" Needs-Review ", "low_quality"])
        #expect(log.flags(for: key(1))?.labels == ["low_quality", "needs-review"])
    }

    @Test func tornLastLineIsIgnoredWithAWarningAndRemovedByTheNextWrite() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let a = #"{"v":1,"op":"set","key":"\#(key(1).hex)","labels":["loop"]}"#
        let b = #"{"v":1,"op":"set","key":"\#(key(2).hex)","labels":["mixed"]}"#
        writeText(path, a + "\n" + b + "\n" + #"{"v":1,"op":"set","key":"\#(key(3).hex)","lab"#)
        let log = try FlagLog.open(path: path)
        #expect(log.count == 2)
        #expect(log.flags(for: key(3)) == nil)
        #expect(log.warnings.count == 1)
        #expect(log.warnings.first?.line == 3)
        #expect(log.warnings.first?.reason.contains("incomplete last line") == true)

        try log.set(key(4), labels: ["other"])
        let again = try FlagLog.open(path: path)
        #expect(again.count == 3)
        #expect(again.flags(for: key(4))?.labels == ["other"])
        #expect(again.warnings.isEmpty, "the torn line is gone: every line is JSON again (jq reads the file)")
        #expect(lines(path).count == 3)
    }

    @Test func validLastLineWithoutNewlineIsRead() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        writeText(path, #"{"op":"set","key":"\#(key(1).hex)","labels":["loop"]}"#)
        let log = try FlagLog.open(path: path)
        #expect(log.flags(for: key(1))?.labels == ["loop"])
        #expect(log.warnings.isEmpty)
        try log.set(key(2), labels: ["mixed"])
        let again = try FlagLog.open(path: path)
        #expect(again.count == 2)
        #expect(again.warnings.isEmpty)
    }

    @Test func malformedMiddleLinesAreSkippedWithTheirLineNumbers() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let text = [
            #"{"v":1,"op":"set","key":"\#(key(1).hex)","labels":["loop"]}"#,
            "this is not json",
            #"{"v":1,"op":"set","key":"zz","labels":["loop"]}"#,
            "",
            #"{"v":1,"op":"frobnicate","key":"\#(key(2).hex)"}"#,
            #"{"v":2,"op":"set","key":"\#(key(2).hex)","labels":["loop"]}"#,
            #"{"v":1,"op":"set","key":"\#(key(3).hex)","labels":["truncated"],"note":null,"extra":{"ignored":true}}"#,
        ].joined(separator: "\n") + "\n"
        writeText(path, text)
        let log = try FlagLog.open(path: path)
        #expect(log.count == 2)
        #expect(log.flags(for: key(3))?.labels == ["truncated"])
        #expect(log.flags(for: key(3))?.note == nil)
        #expect(log.warnings.map(\.line) == [2, 3, 5, 6])
        #expect(log.warnings[0].description.contains("f.jsonl:2: not valid JSON"))
        #expect(log.warnings[0].description.hasSuffix("; line skipped"))
    }

    @Test func invalidUTF8AndDeepNestingAreSkipped() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        var bytes = Array(#"{"op":"set","key":"\#(key(1).hex)","labels":["loop"],"note":"\#u{FF}"}"#.utf8)
        bytes[bytes.count - 3] = 0xFF
        bytes.append(0x0A)
        bytes += Array(String(repeating: "[", count: 100_000).utf8) + [0x0A]
        bytes += Array(#"{"op":"set","key":"\#(key(2).hex)","labels":["loop"]}"#.utf8) + [0x0A]
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let log = try FlagLog.open(path: path)
        #expect(log.count == 1)
        #expect(log.flags(for: key(2)) != nil)
        #expect(log.warnings.map(\.line) == [1, 2])
    }

    @Test func compactionKeepsTheStateAndOtherInstancesFollow() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let log = try FlagLog.open(path: path)
        let other = try FlagLog.open(path: path)
        for i in 0..<50 { try log.set(key(i), labels: ["loop"]) }
        for i in 0..<50 where i % 2 == 0 { try log.set(key(i), labels: ["mixed"], note: "n\(i)") }
        for i in 0..<50 where i % 5 == 0 { try log.clear(key(i)) }
        let before = log.all
        let report = try log.compact()
        #expect(report.kept == 40)
        #expect(report.dropped == 85 - 40)
        #expect(log.all == before)
        #expect(lines(path).count == 40)
        #expect(try FlagLog.open(path: path).all == before)
        #expect(dir.entries() == ["f.jsonl"], "no temporary file left")

        // `other` read nothing yet and its file was replaced: its next write lands in the new file.
        try other.set(key(100), labels: ["duplicate"])
        #expect(other.all.count == 41)
        let after = try FlagLog.open(path: path)
        #expect(after.count == 41)
        #expect(after.warnings.isEmpty)
        try log.reload()
        #expect(log.flags(for: key(100))?.labels == ["duplicate"])
    }

    @Test func compactionReportsTheMalformedLinesItDrops() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        writeText(path, #"{"op":"set","key":"\#(key(1).hex)","labels":["loop"]}"# + "\nnot json\n" + #"{"op":"set","ke"#)
        let log = try FlagLog.open(path: path)
        let report = try log.compact()
        #expect(report.kept == 1)
        #expect(report.droppedMalformedLines == [2, 3])
        #expect(log.warnings.isEmpty)
        #expect(lines(path).count == 1)
        #expect(try FlagLog.open(path: path).flags(for: key(1))?.labels == ["loop"])
    }

    /// Two inspectors on one dataset: each saves its edit against the file's latest state, so a note
    /// written from a stale view keeps the label the other added meanwhile.
    @Test func updatesFromAStaleViewKeepAnotherInstancesChange() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let a = try FlagLog.open(path: path)
        let b = try FlagLog.open(path: path)
        try a.set(key(1), labels: ["mixed", "custom"])
        try b.reload()
        try b.update(key(1)) { current in (current!.labels + ["loop"], current?.note) }
        // a still sees ["custom", "mixed"]; its note edit applies to the state on disk.
        #expect(a.flags(for: key(1))?.labels == ["custom", "mixed"])
        try a.update(key(1)) { current in (current?.labels ?? [], "note from a") }
        let fresh = try FlagLog.open(path: path)
        #expect(fresh.flags(for: key(1))?.labels == ["custom", "loop", "mixed"])
        #expect(fresh.flags(for: key(1))?.note == "note from a")
        try b.update(key(1)) { _ in ([], nil) }
        #expect(try FlagLog.open(path: path).flags(for: key(1)) == nil)
    }

    @Test func reloadPicksUpAnotherInstancesFlags() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let a = try FlagLog.open(path: path)
        let b = try FlagLog.open(path: path)
        try a.set(key(1), labels: ["loop"])
        #expect(b.flags(for: key(1)) == nil)
        try b.reload()
        #expect(b.flags(for: key(1))?.labels == ["loop"])
        // A write catches up first, so b's view includes a's later flag too.
        try a.set(key(2), labels: ["mixed"])
        try b.set(key(3), labels: ["other"])
        #expect(b.count == 3)
    }

    @Test func twoInstancesAppendingConcurrentlyLoseNothing() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let logs = [try FlagLog.open(path: path), try FlagLog.open(path: path)]
        let perWriter = 150
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for i in 0..<perWriter {
                try? logs[w].set(key(w * 10_000 + i), labels: [w == 0 ? "loop" : "mixed"], note: String(repeating: "x", count: i * 10))
            }
        }
        let result = try FlagLog.open(path: path)
        #expect(result.warnings.isEmpty)
        #expect(result.count == 2 * perWriter)
        #expect(lines(path).count == 2 * perWriter)
        try logs[0].reload()
        #expect(logs[0].count == 2 * perWriter)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func anotherProcessAppendingUnderFlockLosesNothing() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let log = try FlagLog.open(path: path)
        let n = 100
        let script = """
        i=0
        while [ $i -lt \(n) ]; do
          k=$(printf '%032x' $((i + 1000000)))
          /usr/bin/flock "$1" sh -c "printf '%s\\n' '{\\"v\\":1,\\"op\\":\\"set\\",\\"key\\":\\"$k\\",\\"labels\\":[\\"other\\"]}' >> \\"\\$1\\"" sh "$1"
          i=$((i + 1))
        done
        """
        // The other writer runs while this one writes. Its result crosses threads under a lock
        // (Thread.isFinished alone orders nothing: ThreadSanitizer reported the read as a race).
        let other = Locked<(done: Bool, result: Spawn.Result?)>((false, nil))
        let writer = Thread {
            let result = try? Spawn.shell(script, [path])
            other.withLock { $0 = (true, result) }
        }
        writer.start()
        for i in 0..<n { try log.set(key(i), labels: ["loop"]) }
        while !other.withLock({ $0.done }) { usleep(10_000) }
        #expect(other.withLock { $0.result }?.status == 0)
        let result = try FlagLog.open(path: path)
        #expect(result.warnings.isEmpty)
        #expect(result.count == 2 * n)
        #expect(result.flags(for: ContentKey(hi: 0, lo: 1_000_000 + 42))?.labels == ["other"])
    }

    @Test func aWriterKilledMidLineLeavesNoStaleLockAndNoDamage() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let log = try FlagLog.open(path: path)
        try log.set(key(1), labels: ["loop"])
        // A process takes the lock, writes half a line and is killed with SIGKILL.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/flock") else { return }
        let p = try Spawn.shell(#"exec 9>>"$1"; /usr/bin/flock 9 || exit 3; printf '{"v":1,"op":"set","key":"00' >&9; kill -9 $$"#, [path])
        #expect(p.signal == SIGKILL)
        try log.set(key(2), labels: ["mixed"])
        let again = try FlagLog.open(path: path)
        #expect(again.count == 2)
        #expect(again.warnings.isEmpty, "the half line was cut off by the next write")
        #expect(lines(path).count == 2)
    }

    @Test func exportImportRoundTrip() throws {
        let dir = TempDir()
        let a = try fixedLog(dir.file("a.flags.jsonl"), user: "ana")
        for i in 0..<10 { try a.set(key(i), labels: ["loop", "outlier"], note: i % 2 == 0 ? "note \(i)" : nil, location: FlagLocation(file: "a.jsonl", line: i + 1)) }
        try a.clear(key(3))
        let out = dir.file("export.jsonl")
        #expect(try a.export(to: out) == 9)
        #expect(throws: FileError.self) { try a.export(to: out) }
        #expect(throws: FileError.self) { try a.export(to: a.path, force: true) }

        let b = try fixedLog(dir.file("b.flags.jsonl"), user: "bo")
        try b.set(key(0), labels: ["loop", "outlier"], note: "note 0")
        try b.set(key(3), labels: ["mixed"])
        let report = try b.import(from: out)
        #expect(report.appended == 8)
        #expect(report.unchanged == 1)
        #expect(b.flags(for: key(5))?.location.line == 6)
        #expect(b.flags(for: key(5))?.user == "ana", "imported ops keep who made them")
        func state(_ m: [ContentKey: FlagEntry]) -> [ContentKey: String] {
            m.mapValues { $0.labels.joined(separator: ",") + "|" + ($0.note ?? "") }
        }
        var expected = state(a.all)
        expected[key(3)] = "mixed|"
        #expect(state(b.all) == expected)
        #expect(state(try FlagLog.open(path: b.path).all) == expected)
        #expect(try b.import(from: out).appended == 0, "importing twice changes nothing")

        // Importing a raw log applies its clears too.
        let c = try FlagLog.open(path: dir.file("c.flags.jsonl"))
        try c.set(key(1), labels: ["other"])
        #expect(try c.import(from: a.path).appended == 9)
        #expect(c.all.keys.sorted() == a.all.keys.sorted())
    }

    @Test func fullDiskIsAnErrorValue() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let log = try FlagLog.open(path: "/dev/full")
        do {
            try log.set(key(1), labels: ["loop"])
            Issue.record("expected an error")
        } catch let e as FileError {
            #expect(e.code == ENOSPC)
            #expect(e.description.contains("No space left on device"))
            #expect(e.description.contains("earlier flags are intact"))
        }
        #expect(log.flags(for: key(1)) == nil, "an unsaved flag is not shown as saved")
    }

    @Test func missingFolderIsAnErrorValue() throws {
        let dir = TempDir()
        let log = try FlagLog.open(path: dir.file("gone/f.jsonl"))
        #expect(log.count == 0)
        #expect(throws: FileError.self) { try log.set(key(1), labels: ["loop"]) }
    }

    @Test(.enabled(if: geteuid() != 0, "root ignores permissions"))
    func readOnlyFolderKeepsWhatWasSaved() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let log = try FlagLog.open(path: path)
        try log.set(key(1), labels: ["loop"])
        #expect(chmod(path, 0o444) == 0)
        #expect(chmod(dir.path, 0o555) == 0)
        defer { _ = chmod(dir.path, 0o755) }
        #expect(throws: FileError.self) { try log.set(key(2), labels: ["loop"]) }
        #expect(throws: FileError.self) { try log.compact() }
        let again = try FlagLog.open(path: path)
        #expect(again.count == 1)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/jq")))
    func jqReadsTheSidecar() throws {
        let dir = TempDir()
        let path = dir.file("f.jsonl")
        let log = try FlagLog.open(path: path)
        try log.set(key(1), labels: ["loop", "mixed"], note: "ünïcode \"quoted\"\n\t")
        try log.clear(key(2))
        let p = try Spawn.run("/usr/bin/jq", ["-r", "select(.op==\"set\") | .labels[] ", path])
        #expect(p.status == 0)
        #expect(p.stdoutText == "loop\nmixed\n")
    }
}
