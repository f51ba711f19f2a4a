import Foundation
import Testing
@testable import PonderCore

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
}
