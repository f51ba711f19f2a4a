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
}
