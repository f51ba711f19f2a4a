import Foundation
import Testing
@testable import PonderCore
import TestSupport

/// Reading datasets: mapped files that change underneath, gzip, index shapes.
@Suite(.serialized) struct FileBytesTests {
    static func temp(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ponder-fb-\(UUID().uuidString)-\(name)").path
    }

    @Test func aFileTruncatedWhileMappedReadsZerosInsteadOfCrashing() throws {
        let path = Self.temp("shrink.jsonl")
        defer { unlink(path) }
        let line = #"{"problem":"p","reasoning":"r","answer":"a"}"# + "\n"
        try String(repeating: line, count: 20_000).write(toFile: path, atomically: false, encoding: .utf8)
        let file = try FileBytes.read(path)
        let before = FileBytes.changedUnderneath
        #expect(truncate(path, 0) == 0)
        // Touch the last page: without the guard this is SIGBUS and the end of the process.
        let last = file.bytes[file.bytes.count - 2]
        #expect(last == 0)
        #expect(FileBytes.changedUnderneath > before)
    }

    @Test func anUnchangedFileLoadsWithoutProblems() throws {
        let path = Self.temp("shrink2.jsonl")
        defer { unlink(path) }
        let line = #"{"problem":"p","reasoning":"r","answer":"a"}"# + "\n"
        try String(repeating: line, count: 1000).write(toFile: path, atomically: false, encoding: .utf8)
        let dataset = Dataset()
        Loader.load([path], into: dataset)
        #expect(dataset.snapshot().columns.count == 1000)
        #expect(dataset.problems.total == 0)
    }

    @Test func emptyWhitespaceAndBinaryFilesGetClearMessages() throws {
        for (name, bytes, message) in [("empty", [UInt8](), "empty"), ("ws", Array(" \n\n \t".utf8), "only white space"),
                                       ("bin", [0, 1, 2, 0xFF, 0, 0x7F], "binary")] {
            let path = Self.temp(name)
            defer { unlink(path) }
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let dataset = Dataset()
            Loader.load([path], into: dataset)
            #expect(dataset.problems.kept.contains { $0.reason.contains(message) }, "\(name): \(dataset.problems.kept)")
        }
    }

    @Test func arrayAndObjectMapFilesAreSplitIntoRecords() throws {
        let array = Self.temp("a.json")
        let map = Self.temp("m.json")
        defer { unlink(array); unlink(map) }
        try "[\n {\"problem\": \"a\", \"reasoning\": \"x\", \"answer\": \"1\"},\n {\"problem\": \"b\", \"reasoning\": \"y\", \"answer\": \"2\"}\n]\n"
            .write(toFile: array, atomically: false, encoding: .utf8)
        try "{\n \"k1\": {\"problem\": \"a\", \"reasoning\": \"x\", \"answer\": \"1\"},\n \"k2\": {\"problem\": \"b\", \"reasoning\": \"y\", \"answer\": \"2\"}\n}\n"
            .write(toFile: map, atomically: false, encoding: .utf8)
        for (path, shape) in [(array, FileShape.array), (map, FileShape.objectMap)] {
            let index = RecordIndex.build(try FileBytes.read(path))
            #expect(index.shape == shape)
            #expect(index.spans.map(\.line) == [2, 3])
        }
    }

    /// The top-level container's own syntax: each mistake reported at its line and column, the
    /// records around it kept.
    @Test func containerSyntaxMistakesAreReportedWhereTheyAre() throws {
        let r = #"{"problem":"p","reasoning":"r","answer":"1"}"#
        let cases: [(text: String, records: Int, line: Int, column: Int, reason: String)] = [
            ("[\n \(r),\n \(r),\n]\n", 2, 4, 1, "trailing comma"),
            ("[\(r),,\(r)]", 2, 1, 47, "empty element"),
            ("[,\(r)]", 1, 1, 2, "empty element"),
            ("[\n \(r)\n}\n", 1, 3, 1, "closes with ']'"),
            ("{\n \"a\": \(r),\n \"b\" \(r),\n \"c\": \(r)\n}\n", 3, 3, 6, "expected ':'"),
            ("{\n \"a\": \(r),\n , \"b\": \(r)\n}\n", 2, 3, 2, "expected a string key"),
            ("{\n \"a\": \(r),\n \"b\": \(r),\n}\n", 2, 4, 1, "trailing comma"),
        ]
        for c in cases {
            let path = Self.temp("container.json")
            defer { unlink(path) }
            try c.text.write(toFile: path, atomically: false, encoding: .utf8)
            let index = RecordIndex.build(try FileBytes.read(path))
            #expect(index.spans.count == c.records, "\(c.text)")
            #expect(index.problems.count == 1, "\(c.text): \(index.problems)")
            if let p = index.problems.first {
                #expect(p.line == c.line && p.column == c.column && p.reason.contains(c.reason), "\(c.text): \(p)")
            }
        }
    }

    /// A record's parse error is placed on the file's line and column, not the record's first line.
    @Test func aMultiLineRecordsErrorIsPlacedOnItsOwnLine() throws {
        let path = Self.temp("pretty.json")
        defer { unlink(path) }
        try "[\n  {\"problem\": \"p\",\n   \"reasoning\": \"r\" \"answer\": \"1\"},\n  {\"problem\": \"q\"}, {\"problem\": 1 2}\n]\n"
            .write(toFile: path, atomically: false, encoding: .utf8)
        let dataset = Dataset()
        Loader.load([path], into: dataset)
        let places = dataset.problems.kept.map { "\($0.line):\($0.column)" }
        #expect(places == ["3:21", "4:35"], "\(dataset.problems.kept)")
    }

    /// A gzip file cut short keeps the lines decompressed before the cut, and says what happened.
    @Test func aTruncatedGzipKeepsWhatCameBeforeTheCut() throws {
        let plain = Self.temp("cut.jsonl")
        let gz = plain + ".gz"
        defer { unlink(plain); unlink(gz) }
        let lines = (0..<20_000).map { #"{"problem":"p\#($0)","reasoning":"reasoning \#($0 * 7919 % 10007)","answer":"a"}"# + "\n" }
        try lines.joined().write(toFile: plain, atomically: false, encoding: .utf8)
        #expect(try Spawn.shell(#"gzip -c "$1" > "$2""#, [plain, gz]).status == 0)
        var data = try Data(contentsOf: URL(fileURLWithPath: gz))
        data.removeLast(100)
        try data.write(to: URL(fileURLWithPath: gz))
        let dataset = Dataset()
        Loader.load([gz], into: dataset)
        let loaded = dataset.snapshot().columns.count
        #expect(loaded > 19_000 && loaded < 20_000, "\(loaded) records kept")
        #expect(dataset.problems.kept.contains { $0.reason.contains("truncated stream") && $0.reason.contains("are read") })
    }
}
