import Foundation
import Testing
@testable import PonderCore

/// Reads ../shared/data/json-test-suite (the standard JSON parsing cases), each file as one record:
/// `y_` accepted, `n_` rejected with a reason and an offset inside the input, `i_` never a crash.
/// Skipped where that folder is absent.
@Suite struct JSONTestSuiteTests {
    static func cases(_ prefix: String) -> [URL] {
        guard let dir = SharedData.folder("json-test-suite/test_parsing"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { dir.appendingPathComponent($0) }
    }

    static func parse(_ url: URL) -> Result<JSONDocument.Kind, JSONError> {
        let data = (try? Data(contentsOf: url)) ?? Data()
        return data.withUnsafeBytes { raw in
            var parser = JSONParser()
            return parser.parseResult(raw).map { $0.kind($0.root) }
        }
    }

    @Test func suitePresentOrSkipped() {
        if SharedData.folder("json-test-suite") == nil { return }
        #expect(Self.cases("y_").count > 90)
        #expect(Self.cases("n_").count > 150)
    }

    @Test(arguments: cases("y_"))
    func accepts(_ url: URL) {
        let result = Self.parse(url)
        if case .failure(let e) = result {
            Issue.record("\(url.lastPathComponent) rejected at \(e.offset): \(e.reason)")
        }
    }

    @Test(arguments: cases("n_"))
    func rejects(_ url: URL) throws {
        let size = (try? Data(contentsOf: url).count) ?? 0
        switch Self.parse(url) {
        case .success:
            Issue.record("\(url.lastPathComponent) accepted but is invalid JSON")
        case .failure(let e):
            #expect(!e.reason.isEmpty)
            #expect(e.offset >= 0 && e.offset <= size)
        }
    }

    /// As `ponder stats FILE` reads them: a file whose first byte is `[` or `{` is split into
    /// records by the reader's own structural scan, so its syntax is checked there, not only by
    /// the record parser (`[1,,2]` and `[1,]` once loaded as valid).
    static func problems(loading url: URL) -> [InputProblem] {
        let dataset = Dataset()
        Loader.load([url.path], into: dataset)
        return dataset.problems.kept
    }

    @Test(arguments: cases("y_"))
    func acceptedAsAFile(_ url: URL) {
        #expect(Self.problems(loading: url).isEmpty, "\(url.lastPathComponent)")
    }

    @Test(arguments: cases("n_"))
    func rejectedAsAFileWithAPlace(_ url: URL) {
        let problems = Self.problems(loading: url)
        #expect(!problems.isEmpty, "\(url.lastPathComponent) loaded without a problem")
        // A place in the file (the whole file only for "empty", "binary", "white space").
        #expect(problems.allSatisfy { $0.line > 0 || $0.reason.contains("empty") || $0.reason.contains("binary")
            || $0.reason.contains("white space") }, "\(url.lastPathComponent): \(problems)")
    }

    @Test(arguments: cases("i_"))
    func implementationDefinedNeverCrash(_ url: URL) {
        _ = Self.parse(url)
    }

    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        var parser = JSONParser()
        let error = deep.withUnsafeBytes { raw -> JSONError? in
            if case .failure(let e) = parser.parseResult(raw) { return e }
            return nil
        }
        #expect(error?.reason.contains("nesting deeper than") == true)
    }

    @Test func decodesEscapesAndSurrogates() throws {
        let text = #"{"a\u0062":"x\n\"y\" \ud83d\ude00 \u00e9 \ud800!","n":[1,2.5e3,-0,true,null]}"#
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBytes { raw in
            var parser = JSONParser()
            let doc = try parser.parse(raw)
            let v = try #require(doc.member(doc.root, "ab"))
            #expect(doc.string(v) == "x\n\"y\" 😀 é \u{FFFD}!")
            let n = try #require(doc.member(doc.root, "n"))
            #expect(doc.elements(n).map { doc.string($0) } == ["1", "2.5e3", "-0", "true", "null"])
            #expect(doc.number(doc.elements(n)[1]) == 2500)
        }
    }

    @Test func rejectsInvalidUTF8WithOffset() {
        let bytes: [UInt8] = Array(#"{"a":"ok "#.utf8) + [0xC0, 0xAF] + Array(#""}"#.utf8)
        bytes.withUnsafeBytes { raw in
            var parser = JSONParser()
            switch parser.parseResult(raw) {
            case .success: Issue.record("overlong UTF-8 accepted")
            case .failure(let error):
                #expect(error.offset == 9)
                #expect(error.reason.contains("invalid UTF-8"))
            }
        }
    }
}
