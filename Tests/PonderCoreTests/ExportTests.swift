import Foundation
import Testing
@testable import PonderCore
#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary folder per test, removed afterwards.
final class TempDir {
    let path: String
    init() {
        var template = Array((NSTemporaryDirectory() + "ponder-test-XXXXXX").utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = p.map { String(cString: $0) } ?? NSTemporaryDirectory()
    }
    func file(_ name: String) -> String { path + "/" + name }
    func entries() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path))?.sorted() ?? [] }
    deinit {
        _ = chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }
}

func readText(_ path: String) -> String? {
    guard let d = FileManager.default.contents(atPath: path) else { return nil }
    return String(decoding: d, as: UTF8.self)
}

func writeText(_ path: String, _ s: String) {
    FileManager.default.createFile(atPath: path, contents: Data(s.utf8))
}

@Suite struct JSONWriterTests {
    static let samples: [String] = [
        "", "plain", "quote \" backslash \\ slash /", "line\nbreak\r\ttab\u{08}\u{0C}",
        "\u{00}\u{01}\u{1F}\u{7F}", "中文 mixed with English 分解", "emoji 👩‍👩‍👧 and é and \u{2028}\u{2029}",
        "<think>\nx\n</think>", String(repeating: "ab\"c\n", count: 1000),
    ]

    @Test(arguments: samples)
    func escapingRoundTripsThroughJSONSerialization(_ s: String) throws {
        var w = JSONWriter()
        w.raw("[")
        w.string(s)
        w.raw("]")
        let parsed = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String]
        #expect(parsed == [s])
    }

    @Test func escapesControlCharactersReadably() {
        var w = JSONWriter()
        w.string("a\"b\\c\nd\te\u{01}é")
        #expect(String(decoding: w.bytes, as: UTF8.self) == "\"a\\\"b\\\\c\\nd\\te\\u0001é\"")
    }
}

@Suite struct ExportFormatTests {
    func sample() -> TraceText {
        var t = TraceText(prompt: "What is 2+2?", reasoning: "Add \"two\" and two.\nIt is 4.", answer: "**4**")
        t.system = "Be brief."
        t.source = "math"
        t.id = "q-1"
        return t
    }

    @Test func messagesLine() throws {
        let line = try #require(ExportFormat.messages.line(for: sample()))
        #expect(line.hasSuffix("}\n"))
        #expect(line.filter { $0 == "\n" }.count == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let msgs = try #require(obj["messages"] as? [[String: String]])
        #expect(msgs.map { $0["role"] } == ["system", "user", "assistant"])
        #expect(msgs[0]["content"] == "Be brief.")
        #expect(msgs[1]["content"] == "What is 2+2?")
        #expect(msgs[2]["content"] == "<think>\nAdd \"two\" and two.\nIt is 4.\n</think>\n\n**4**")
        #expect(obj["source"] as? String == "math")
        #expect(obj["id"] as? String == "q-1")
    }

    @Test func sharegptLineWithoutSystemOrMetadata() throws {
        let t = TraceText(prompt: "你好", reasoning: "", answer: "hi")
        let line = try #require(ExportFormat.sharegpt.line(for: t))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(obj.keys.sorted() == ["conversations"])
        let turns = try #require(obj["conversations"] as? [[String: String]])
        #expect(turns.map { $0["from"] } == ["human", "gpt"])
        #expect(turns[0]["value"] == "你好")
        #expect(turns[1]["value"] == "<think>\n\n</think>\n\nhi")
    }

    @Test func originalIsByteForByte() {
        let raw: [UInt8] = Array("{\"a\": 1 ,\"b\":\"\\u00e9\"}".utf8)
        var out: [UInt8] = []
        raw.withUnsafeBytes { ExportFormat.original.appendLine(for: TraceText(), originalLine: $0, to: &out) }
        #expect(out == raw + [0x0A])
        var out2: [UInt8] = []
        let withNewline = raw + [0x0D, 0x0A]
        withNewline.withUnsafeBytes { ExportFormat.original.appendLine(for: TraceText(), originalLine: $0, to: &out2) }
        #expect(out2 == withNewline)
    }
}

@Suite struct AtomicWriterTests {
    @Test func writesAndLeavesNoTemporaryFile() throws {
        let dir = TempDir()
        let target = dir.file("out.jsonl")
        let w = try AtomicWriter(target: target, bufferSize: 4096)
        for i in 0..<2000 { try w.write("line \(i)\n") }
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)
        try w.write(big)
        #expect(readText(target) == nil, "nothing visible before commit")
        let n = try w.commit()
        let text = try #require(readText(target))
        #expect(text.utf8.count == n)
        #expect(text.hasPrefix("line 0\nline 1\n"))
        #expect(text.hasSuffix(String(repeating: "x", count: 10_000)))
        #expect(dir.entries() == ["out.jsonl"])
    }

    @Test func refusesExistingTargetWithoutForce() throws {
        let dir = TempDir()
        let target = dir.file("out.jsonl")
        writeText(target, "old\n")
        #expect(throws: FileError.self) { try AtomicWriter(target: target) }
        #expect(readText(target) == "old\n")
        let w = try AtomicWriter(target: target, force: true)
        try w.write("new\n")
        try w.commit()
        #expect(readText(target) == "new\n")
        #expect(dir.entries() == ["out.jsonl"])
    }

    @Test func refusesAnInputEvenWithForceAndThroughLinks() throws {
        let dir = TempDir()
        let input = dir.file("data.jsonl")
        writeText(input, "{}\n")
        #expect(throws: FileError.self) { try AtomicWriter(target: input, force: true, inputs: [input]) }
        #expect(throws: FileError.self) {
            try AtomicWriter(target: dir.path + "/./data.jsonl", force: true, inputs: ["\(dir.path)/../\((dir.path as NSString).lastPathComponent)/data.jsonl"])
        }
        #expect(symlink(input, dir.file("alias.jsonl")) == 0)
        #expect(throws: FileError.self) { try AtomicWriter(target: dir.file("alias.jsonl"), force: true, inputs: [input]) }
        #expect(link(input, dir.file("hard.jsonl")) == 0)
        #expect(throws: FileError.self) { try AtomicWriter(target: dir.file("hard.jsonl"), force: true, inputs: [input]) }
        #expect(readText(input) == "{}\n")
    }

    @Test func abortLeavesNothingBehind() throws {
        let dir = TempDir()
        let w = try AtomicWriter(target: dir.file("out.jsonl"))
        try w.write("partial")
        #expect(dir.entries().count == 1, "the temporary file exists while writing")
        w.abort()
        #expect(dir.entries().isEmpty)
        #expect(throws: FileError.self) { try w.write("more") }
        #expect(throws: FileError.self) { try w.commit() }
        #expect(dir.entries().isEmpty)
    }

    @Test func droppingAnUncommittedWriterRemovesItsTemporaryFile() throws {
        let dir = TempDir()
        do {
            let w = try AtomicWriter(target: dir.file("out.jsonl"))
            try w.write("partial")
        }
        #expect(dir.entries().isEmpty)
    }

    @Test func targetAppearingDuringExportIsNotOverwritten() throws {
        let dir = TempDir()
        let target = dir.file("out.jsonl")
        let w = try AtomicWriter(target: target)
        try w.write("new\n")
        writeText(target, "someone else's\n")
        #expect(throws: FileError.self) { try w.commit() }
        #expect(readText(target) == "someone else's\n")
        #expect(dir.entries() == ["out.jsonl"])
    }

    @Test(.enabled(if: geteuid() != 0, "root ignores permissions"))
    func readOnlyFolderGivesAnErrorAndKeepsTheOldFile() throws {
        let dir = TempDir()
        let target = dir.file("out.jsonl")
        writeText(target, "old\n")
        #expect(chmod(dir.path, 0o555) == 0)
        defer { _ = chmod(dir.path, 0o755) }
        do {
            _ = try AtomicWriter(target: target, force: true)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("Permission denied"))
        }
        #expect(readText(target) == "old\n")
    }

    @Test func missingFolderIsAnError() {
        let dir = TempDir()
        #expect(throws: FileError.self) { try AtomicWriter(target: dir.file("no/such/out.jsonl")) }
    }

    /// `--force` onto a symbolic link replaces the file it points to; the link stays a link.
    @Test func aSymbolicLinkIsFollowedNotReplaced() throws {
        let dir = TempDir()
        let real = dir.file("real.jsonl")
        writeText(real, "old\n")
        #expect(symlink("real.jsonl", dir.file("link.jsonl")) == 0)
        #expect(throws: FileError.self) { try AtomicWriter(target: dir.file("link.jsonl")) }
        let w = try AtomicWriter(target: dir.file("link.jsonl"), force: true)
        try w.write("new\n")
        try w.commit()
        var st = stat()
        #expect(lstat(dir.file("link.jsonl"), &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
        #expect(readText(real) == "new\n")
        #expect(dir.entries() == ["link.jsonl", "real.jsonl"])
        #expect(symlink("missing.jsonl", dir.file("dangling.jsonl")) == 0)
        #expect(throws: FileError.self) { try AtomicWriter(target: dir.file("dangling.jsonl"), force: true) }
    }

    /// A device or a FIFO is written as a stream: never replaced by a file, with or without force.
    @Test func aDeviceOrAFIFOIsWrittenNotReplaced() throws {
        let w = try AtomicWriter(target: "/dev/null", force: true)
        try w.write("gone\n")
        #expect(try w.commit() == 5)
        var st = stat()
        #expect(stat("/dev/null", &st) == 0 && st.st_mode & S_IFMT == S_IFCHR)

        let dir = TempDir()
        let fifo = dir.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let f = try AtomicWriter(target: fifo)
        try f.write("through\n")
        try f.commit()
        var buf = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &buf, 64)
        #expect(n == 8 && String(decoding: buf.prefix(8), as: UTF8.self) == "through\n")
        #expect(stat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO)
        #expect(dir.entries() == ["pipe"])
    }

    /// A FIFO that nobody reads is an error at once, not a wait for ever.
    @Test func aFIFOWithoutAReaderIsRefused() throws {
        let dir = TempDir()
        let fifo = dir.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: FileError.self) { try AtomicWriter(target: fifo) }
    }

    /// A file that must not be replaced is refused even before it exists (the flags sidecar).
    @Test func aProtectedPathIsRefusedBeforeItExists() throws {
        let dir = TempDir()
        let sidecar = dir.file("d.jsonl.ponder-flags.jsonl")
        #expect(throws: FileError.self) { try AtomicWriter(target: sidecar, force: true, inputs: [sidecar]) }
        #expect(dir.entries().isEmpty)
    }
}

@Suite struct DatasetExportTests {
    /// `original` from a pretty-printed array: one record a line, readable again; the report says so.
    @Test func prettyPrintedRecordsAreWrittenOneALine() throws {
        let dir = TempDir()
        let input = dir.file("a.json")
        writeText(input, "[\r\n {\"problem\": \"a\",\r\n  \"reasoning\": \"x\", \"answer\": \"1\"},\n {\"problem\": \"b\",\n  \"reasoning\": \"y\", \"answer\": \"2\"}\n]\n")
        let dataset = Dataset()
        Loader.load([input], into: dataset)
        let out = dir.file("out.jsonl")
        let r = try DatasetExport.write(dataset, traces: [0, 1], format: .original, to: out, force: false)
        #expect(r.joined == 2 && r.records == 2 && r.traces == 2)
        #expect(readText(out) == "{\"problem\": \"a\",    \"reasoning\": \"x\", \"answer\": \"1\"}\n{\"problem\": \"b\",   \"reasoning\": \"y\", \"answer\": \"2\"}\n")
        let again = Dataset()
        Loader.load([out], into: again)
        #expect(again.snapshot().columns.count == 2 && again.problems.total == 0)
        #expect(r.summary.contains("written on one line"))
    }

    /// `original` writes whole records: the report counts the traces written, and says which were
    /// not selected.
    @Test func aRecordsOtherGenerationsAreCountedAndNamed() throws {
        let dir = TempDir()
        let input = dir.file("g.jsonl")
        writeText(input, #"{"problem":"p","generations":["<think>a</think>1","<think>b</think>2","<think>c</think>3"]}"# + "\n")
        let dataset = Dataset()
        Loader.load([input], into: dataset)
        let r = try DatasetExport.write(dataset, traces: [1], format: .original, to: dir.file("o.jsonl"), force: false)
        #expect(r.records == 1 && r.traces == 3 && r.selected == 1)
        #expect(r.summary.contains("2 of those traces were not selected"))
        let m = try DatasetExport.write(dataset, traces: [1], format: .messages, to: dir.file("m.jsonl"), force: false)
        #expect(m.traces == 1 && !m.summary.contains("not selected"))
    }
}
