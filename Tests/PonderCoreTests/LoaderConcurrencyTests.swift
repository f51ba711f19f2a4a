import Foundation
import Testing
@testable import PonderCore

/// The loader's parallel path: several chunks measured on two workers and published in file
/// order while a reader takes snapshots, as the inspector does. Small fixtures fit in one chunk
/// and never leave the calling thread, so these build a file of several chunks; run under
/// ThreadSanitizer (scripts/sanitize.sh thread) they check the loading concurrency for races.
@Suite struct LoaderConcurrencyTests {
    /// 25 chunks of 40 records or fewer; every 97th line is malformed.
    static let records = 1000
    static let chunkRecords = 40

    static let badLines: [Int] = (1...records).filter { $0 % 97 == 0 }
    static let goodLines: [Int] = (1...records).filter { $0 % 97 != 0 }

    static func writeFile() throws -> (TempDir, String) {
        let dir = TempDir()
        let path = dir.file("many.jsonl")
        var text = ""
        for i in 0..<records {
            if (i + 1) % 97 == 0 {
                text += "{\"problem\": \"broken \(i)\",\n"
            } else {
                text += "{\"problem\":\"question \(i)\",\"reasoning\":\"Let me think about \(i). \(i) is \(i % 2 == 0 ? "even" : "odd").\",\"answer\":\"\(i)\"}\n"
            }
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return (dir, path)
    }

    static func options() -> LoadOptions {
        var options = LoadOptions()
        options.workers = 2
        options.chunkRecords = chunkRecords
        return options
    }

    @Test func twoWorkersPublishEveryChunkInFileOrder() throws {
        let (dir, path) = try Self.writeFile()
        defer { _ = dir }
        let dataset = Dataset(options: Self.options())
        Loader.load([path], into: dataset)
        let columns = dataset.snapshot().columns
        let expectedLines: [Int32] = Self.goodLines.map { Int32($0) }
        #expect(columns.count == Self.goodLines.count)
        #expect(columns.line == expectedLines)
        let problems = dataset.problems
        #expect(problems.total == Self.badLines.count)
        #expect(problems.kept.map(\.line) == Self.badLines)
        for row in [0, Self.chunkRecords, columns.count - 1] {
            let line = Int(columns.line[row])
            #expect(dataset.text(of: row).prompt == "question \(line - 1)")
        }
        #expect(dataset.progress.done)
    }

    @Test func snapshotsWhileLoadingAreGrowingPrefixesInFileOrder() throws {
        let (dir, path) = try Self.writeFile()
        defer { _ = dir }
        let dataset = Dataset(options: Self.options())
        let loader = Thread { Loader.load([path], into: dataset) }
        loader.start()
        var seen = 0
        var snapshots = 0
        while true {
            let done = dataset.progress.done
            let columns = dataset.snapshot().columns
            #expect(columns.count >= seen)
            seen = columns.count
            snapshots += 1
            // A prefix in file order: lines strictly rising.
            #expect(zip(columns.line, columns.line.dropFirst()).allSatisfy { $0 < $1 })
            if seen > 0 { _ = dataset.text(of: seen - 1) }
            if done { break }
            usleep(1_000)
        }
        #expect(seen == Self.goodLines.count)
        #expect(snapshots >= 1)
    }
}
