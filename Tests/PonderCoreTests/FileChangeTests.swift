import Foundation
import Testing
@testable import PonderCore
#if canImport(Glibc)
import Glibc
#endif

/// A dataset file that changes on disk after loading (GUIDE §5): said, and never exported wrong.
@Suite(.serialized) struct FileChangeTests {
    static let line = #"{"problem":"p","reasoning":"r","answer":"a"}"# + "\n"

    static func loaded(_ dir: TempDir, records: Int = 2000) -> (String, Dataset) {
        let path = dir.file("data.jsonl")
        writeText(path, String(repeating: line, count: records))
        let dataset = Dataset()
        Loader.load([path], into: dataset)
        return (path, dataset)
    }

    @Test func anUnchangedFileHasNoChange() throws {
        let dir = TempDir()
        let (_, dataset) = Self.loaded(dir)
        let bytes = try #require(dataset.files.first?.bytes)
        #expect(bytes.changeOnDisk() == nil)
        #expect(!bytes.bytesChanged)
        withExtendedLifetime(dir) {}
    }

    @Test func truncatedInPlaceIsSaidAndExportRefuses() throws {
        let dir = TempDir()
        let (path, dataset) = Self.loaded(dir)
        let size = Self.line.utf8.count * 2000
        #expect(truncate(path, off_t(size / 2)) == 0)
        let bytes = try #require(dataset.files.first?.bytes)
        #expect(bytes.changeOnDisk() == "\(path) was truncated on disk (\(size) → \(size / 2) bytes) since it was loaded")
        #expect(bytes.bytesChanged)
        let out = dir.file("out.jsonl")
        #expect {
            try DatasetExport.write(dataset, traces: Array(0..<2000), format: .original, to: out, force: false)
        } throws: { e in
            "\(e)".contains("truncated on disk") && "\(e)".contains("nothing was written")
        }
        #expect(dir.entries() == ["data.jsonl"], "a partial export or temporary file was left")
    }

    @Test func replacedByANewFileKeepsTheLoadedBytesAndExports() throws {
        let dir = TempDir()
        let (path, dataset) = Self.loaded(dir, records: 3)
        let other = dir.file("new.jsonl")
        writeText(other, #"{"problem":"new","reasoning":"n","answer":"n"}"# + "\n")
        #expect(rename(other, path) == 0)
        let bytes = try #require(dataset.files.first?.bytes)
        #expect(bytes.changeOnDisk() == "\(path) was replaced on disk since it was loaded")
        #expect(!bytes.bytesChanged)
        let out = dir.file("out.jsonl")
        let r = try DatasetExport.write(dataset, traces: [0, 1, 2], format: .original, to: out, force: false)
        #expect(r.records == 3)
        #expect(readText(out) == String(repeating: Self.line, count: 3))
    }

    @Test func deletedIsSaid() throws {
        let dir = TempDir()
        let (path, dataset) = Self.loaded(dir, records: 3)
        #expect(unlink(path) == 0)
        let bytes = try #require(dataset.files.first?.bytes)
        #expect(bytes.changeOnDisk()?.hasPrefix("\(path) is gone from disk") == true)
        withExtendedLifetime(dir) {}
    }
}
