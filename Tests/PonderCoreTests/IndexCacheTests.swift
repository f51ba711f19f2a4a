import Foundation
import Testing
@testable import PonderCore

/// Reopening (GUIDE §6): an unchanged file reuses its cached index and figures; any change, other
/// settings or a damaged cache file mean a fresh load, with the same results as without a cache.
@Suite struct IndexCacheTests {
    struct Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-cache-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
        /// Where the tests put their dataset and the cache.
        var data: String { path + "/data.jsonl" }
        var cache: String { path + "/cache" }
        /// Copies a fixture (a path under `fixtures/`) to `data`.
        func copy(_ fixture: String) throws {
            try FileManager.default.copyItem(atPath: SharedData.fixtures.appendingPathComponent(fixture).path, toPath: data)
        }
        var cacheFiles: [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter { $0.hasSuffix(".ponder-cache") }
        }
    }

    func load(_ path: String, cache: String?, languages: Bool = true) -> (Dataset, String) {
        var o = LoadOptions()
        o.cacheDirectory = cache
        o.languages = languages
        let d = Dataset(options: o)
        Loader.load([path], into: d)
        var w = JSONWriter(capacity: 1 << 16)
        let (columns, strings) = d.snapshot()
        for i in 0..<columns.count { ScanLine.write(i, columns, strings, fileNames: [path], to: &w) }
        return (d, String(decoding: w.bytes, as: UTF8.self))
    }

    @Test func unchangedFileReusesTheCacheWithTheSameResults() throws {
        let dir = Folder()
        defer { dir.remove() }
        try dir.copy("demo.jsonl")
        let data = dir.data
        let cache = dir.cache
        let (_, plain) = load(data, cache: nil)
        #expect(dir.cacheFiles.isEmpty)
        let (_, first) = load(data, cache: cache)
        #expect(dir.cacheFiles.count == 1)
        let (second, again) = load(data, cache: cache)
        #expect(first == plain && again == plain)
        #expect(second.snapshot().columns.count == 259)
        #expect(second.files.map { $0.fromCache } == [true])
        // Text still comes from the file.
        #expect(!second.text(of: 0).reasoning.isEmpty || !second.text(of: 0).answer.isEmpty)
    }

    @Test func anyChangeOrOtherSettingsMeanAFreshLoad() throws {
        let dir = Folder()
        defer { dir.remove() }
        try dir.copy("formats/think_tags.jsonl")
        let data = dir.data
        let cache = dir.cache
        let (d1, _) = load(data, cache: cache)
        #expect(d1.snapshot().columns.count == 5)
        // Appended to: one more trace, and a second cache file.
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: data))
        try h.seekToEnd()
        try h.write(contentsOf: Data(#"{"prompt":"p","response":"<think>r</think>a"}"#.utf8 + [0x0A]))
        try h.close()
        let (d2, _) = load(data, cache: cache)
        #expect(d2.snapshot().columns.count == 6)
        #expect(d2.files.map { $0.fromCache } == [false])
        #expect(dir.cacheFiles.count == 2)
        // Rewritten in place with the same size: the content sample tells.
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: data)))
        let a = bytes.firstIndex(of: UInt8(ascii: "a"))!
        bytes[a] = UInt8(ascii: "b")
        let fd = open(data, O_WRONLY)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        close(fd)
        let (_, changed) = load(data, cache: cache)
        let (_, fresh) = load(data, cache: nil)
        #expect(changed == fresh)
        // Other settings: their own entry.
        let (d3, _) = load(data, cache: cache, languages: false)
        #expect(d3.snapshot().columns.consistency.allSatisfy { $0.isNaN })
    }

    @Test func aDamagedCacheFileIsIgnoredAndReplaced() throws {
        let dir = Folder()
        defer { dir.remove() }
        try dir.copy("formats/sharegpt.jsonl")
        let data = dir.data
        let cache = dir.cache
        let (_, first) = load(data, cache: cache)
        let file = cache + "/" + dir.cacheFiles[0]
        for cut in [0, 9, 200] {
            let whole = try Data(contentsOf: URL(fileURLWithPath: file))
            try whole.prefix(cut).write(to: URL(fileURLWithPath: file))
            let (d, again) = load(data, cache: cache)
            #expect(again == first)
            #expect(d.snapshot().columns.count == 3)
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)).count == whole.count, "rewritten whole")
        }
        // Garbage of the right length.
        let size = try Data(contentsOf: URL(fileURLWithPath: file)).count
        try Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: file))
        #expect(load(data, cache: cache).1 == first)
    }

    /// Problems of the file (empty, a malformed line) are reported again when it comes from the cache.
    @Test func problemsAreReportedAgainFromTheCache() throws {
        let dir = Folder()
        defer { dir.remove() }
        let cache = dir.cache
        let empty = dir.path + "/empty.jsonl"
        let bad = dir.path + "/bad.jsonl"
        FileManager.default.createFile(atPath: empty, contents: Data())
        FileManager.default.createFile(atPath: bad, contents: Data("{\"prompt\":\"p\",\"reasoning\":\"r\",\"answer\":\"a\"}\n{bad\n".utf8))
        for path in [empty, bad] {
            let (first, _) = load(path, cache: cache)
            let (second, _) = load(path, cache: cache)
            #expect(second.files.map { $0.fromCache } == [true], "\(path)")
            #expect(second.problems.total == first.problems.total && first.problems.total == 1)
            #expect(second.problems.kept.map(\.description) == first.problems.kept.map(\.description))
        }
    }

    @Test func anUnwritableCacheFolderIsNoError() throws {
        let (d, _) = load(SharedData.fixtures.appendingPathComponent("formats/sharegpt.jsonl").path, cache: "/dev/null/cache")
        #expect(d.snapshot().columns.count == 3)
        #expect(d.problems.total == 0)
    }
}
