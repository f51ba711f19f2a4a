import Foundation
import Testing
import TestSupport

/// The files of `fixtures/adversarial/` (written by `scripts/gen_adversarial.py`) and the big
/// cases generated here in a temporary folder, through the real binary as a pipeline runs it:
/// each gets a clear message with file:line(:column), or the correct result; never a crash or a hang.
/// The million-record and 70,000-generation cases take minutes in a debug build: they run only
/// with `PONDER_HEAVY_TESTS=1`.
@Suite struct AdversarialTests {
    static let heavy = ProcessInfo.processInfo.environment["PONDER_HEAVY_TESTS"] == "1"

    static func fixture(_ name: String) -> String { "fixtures/adversarial/\(name)" }

    struct Stats {
        var status: Int32
        var json: [String: Any]
        var stderr: String
        var problems: [String] { json["problems"] as? [String] ?? [] }
        var traces: Int? { json["traces"] as? Int }
        var records: Int? { json["records"] as? Int }
    }

    static func stats(_ path: String, _ extra: [String] = []) throws -> Stats {
        let out = try PonderProcess.run(["stats", "--json"] + extra + [path])
        #expect(out.status == 0 || out.status == 1, "ponder crashed or failed: \(out.status) \(out.stderr.prefix(2000))")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any],
                                "no JSON: \(out.stdout.prefix(500)) \(out.stderr.prefix(2000))")
        return Stats(status: out.status, json: json, stderr: out.stderr)
    }

    /// The traces' texts as `ponder export --format messages` writes them: (user, assistant).
    static func texts(_ path: String) throws -> [(prompt: String, assistant: String)] {
        let dir = TempFolder()
        defer { dir.remove() }
        let out = dir.path + "/out.jsonl"
        let r = try PonderProcess.run(["export", path, "-o", out, "--format", "messages"])
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let lines = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        return PonderProcess.jsonLines(lines).map { row in
            let messages = row["messages"] as? [[String: Any]] ?? []
            let user = messages.first { $0["role"] as? String == "user" }?["content"] as? String ?? ""
            let assistant = messages.last { $0["role"] as? String == "assistant" }?["content"] as? String ?? ""
            return (user, assistant)
        }
    }

    @Test func everyAdversarialFixtureHasATest() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: PonderProcess.fixtures.appendingPathComponent("adversarial").path)
        #expect(Set(names) == ["README.md", "empty.jsonl", "binary.bin", "nul_bytes.jsonl", "invalid_utf8.jsonl", "bom.jsonl",
                               "crlf.jsonl", "huge_numbers.jsonl", "duplicate_keys.jsonl", "escapes.jsonl"])
    }

    @Test func emptyFileSaysSo() throws {
        let s = try Self.stats(Self.fixture("empty.jsonl"))
        #expect(s.status == 1)
        #expect(s.traces == 0)
        #expect(s.problems == ["fixtures/adversarial/empty.jsonl: the file is empty"])
    }

    @Test func binaryDataSaysSoAndIsReportedByLine() throws {
        let s = try Self.stats(Self.fixture("binary.bin"))
        #expect(s.status == 1)
        #expect(s.traces == 0)
        #expect(s.problems.first?.hasPrefix("fixtures/adversarial/binary.bin: looks like binary data (NUL bytes)") == true, "\(s.problems)")
        #expect(s.problems.dropFirst().allSatisfy { $0.range(of: #"^fixtures/adversarial/binary\.bin:\d+:\d+: "#, options: .regularExpression) != nil },
                "\(s.problems)")
        #expect(!s.stderr.contains("\u{1B}"), "raw bytes of the file echoed to the terminal")
    }

    @Test func nulBytesRawAreReportedEscapedAreText() throws {
        let s = try Self.stats(Self.fixture("nul_bytes.jsonl"))
        #expect(s.status == 1)
        #expect(s.traces == 3)
        #expect(s.problems.contains("fixtures/adversarial/nul_bytes.jsonl:2:21: unescaped control character byte 0x00 in string"), "\(s.problems)")
        #expect(s.problems.contains("fixtures/adversarial/nul_bytes.jsonl:4:1: unexpected byte 0x00, expected a value"), "\(s.problems)")
        let texts = try Self.texts(Self.fixture("nul_bytes.jsonl"))
        #expect(texts.map(\.prompt) == ["before the NUL lines", "escaped NUL \u{0} inside a string", "after the NUL lines"])
        // The inspector shows the escaped NUL as ^@.
        let screen = try PonderProcess.run(["view", Self.fixture("nul_bytes.jsonl"), "--keys", "j", "--dump-screen", "100x12"]).stdout
        #expect(screen.contains("escaped NUL ^@ inside"), "\(screen)")
    }

    @Test func invalidAndOverlongUTF8AreReportedWithTheirColumn() throws {
        let s = try Self.stats(Self.fixture("invalid_utf8.jsonl"))
        #expect(s.status == 1)
        #expect(s.records == 10)
        #expect(s.traces == 2)
        let firstBytes = ["FF", "C0", "E0", "F0", "ED", "F4", "80", "E2"]
        for (i, byte) in firstBytes.enumerated() {
            #expect(s.problems.contains("fixtures/adversarial/invalid_utf8.jsonl:\(i + 2):17: invalid UTF-8 byte 0x\(byte) in string"),
                    "line \(i + 2): \(s.problems)")
        }
        let texts = try Self.texts(Self.fixture("invalid_utf8.jsonl"))
        #expect(texts.map(\.prompt) == ["valid before", "valid after: café € 😀 \u{FFFD}"])
    }

    /// The first line is the malformed one: the file is still read as JSONL, not as one
    /// pretty-printed record (which lost every other line before the fix).
    @Test func aMalformedFirstLineDoesNotSwallowTheFile() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.path + "/first-bad.jsonl"
        var data = Data(#"{"problem":"bad "#.utf8) + Data([0xFF]) + Data(#"","reasoning":"r","answer":"x"}"#.utf8) + Data("\n".utf8)
        data += Data(#"{"problem":"good","reasoning":"r","answer":"y"}"#.utf8) + Data("\n".utf8)
        data += Data(#"[[["unclosed array on its line"]]"#.utf8) + Data("\n".utf8)
        data += Data(#"{"problem":"also good","reasoning":"r","answer":"z"}"#.utf8) + Data("\n".utf8)
        try data.write(to: URL(fileURLWithPath: path))
        let s = try Self.stats(path)
        #expect(s.records == 4)
        #expect(s.traces == 2)
        #expect(s.problems.contains { $0.hasPrefix("\(path):1:17: invalid UTF-8") }, "\(s.problems)")
        #expect(s.problems.contains { $0.hasPrefix("\(path):3:") }, "\(s.problems)")
        // A file whose first line is a malformed array is JSONL too.
        let arrayFirst = dir.path + "/array-first.jsonl"
        try (Data(#"[1, 2,, 3]"#.utf8) + Data("\n".utf8) + Data(#"{"problem":"p","reasoning":"r","answer":"a"}"#.utf8) + Data("\n".utf8))
            .write(to: URL(fileURLWithPath: arrayFirst))
        let a = try Self.stats(arrayFirst)
        #expect(a.records == 2 && a.traces == 1, "\(a.problems)")
        #expect(a.problems.contains { $0.hasPrefix("\(arrayFirst):1:") }, "\(a.problems)")
        // A pretty-printed single record still reads as one record.
        let pretty = dir.path + "/pretty.json"
        try "{\n  \"problem\": \"p\",\n  \"reasoning\": \"r\",\n  \"answer\": \"a\"\n}\n".write(toFile: pretty, atomically: false, encoding: .utf8)
        let p = try Self.stats(pretty)
        #expect(p.status == 0 && p.records == 1 && p.traces == 1, "\(p.problems)")
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let s = try Self.stats(Self.fixture("bom.jsonl"))
        #expect(s.status == 0)
        #expect(s.traces == 3)
        #expect(try Self.texts(Self.fixture("bom.jsonl")).map(\.prompt) == ["BOM record 1", "BOM record 2", "BOM record 3"])
    }

    @Test func crlfLineEndsLoadCleanly() throws {
        let s = try Self.stats(Self.fixture("crlf.jsonl"))
        #expect(s.status == 0, "\(s.problems)")
        #expect(s.traces == 3)
        let scan = PonderProcess.jsonLines(try PonderProcess.run(["scan", Self.fixture("crlf.jsonl")]).stdout)
        #expect(scan.map { $0["answer_chars"] as? Int } == [1, 1, 1], "no carriage return left in the text")
        #expect(scan.map { $0["line"] as? Int } == [1, 2, 3])
    }

    /// 1e400, -1e400, 1e-400 and 400-digit integers where Ponder reads token counts: before the
    /// fix, `Int(Double.infinity)` ended the process.
    @Test func hugeNumbersAreReadWithoutACrash() throws {
        let s = try Self.stats(Self.fixture("huge_numbers.jsonl"))
        #expect(s.status == 0, "\(s.stderr.prefix(1000))")
        #expect(s.traces == 4)
        let scan = PonderProcess.jsonLines(try PonderProcess.run(["scan", Self.fixture("huge_numbers.jsonl")]).stdout)
        // Out-of-range counts are no counts (null); 1e-400 is 0; a sane record keeps its 7.
        #expect(scan.map { $0["dataset_tokens"] as? Int } == [nil, nil, 0, 7])
    }

    @Test func duplicateKeysTakeTheLastLikePythonAndJq() throws {
        let s = try Self.stats(Self.fixture("duplicate_keys.jsonl"))
        #expect(s.status == 0)
        #expect(s.traces == 2)
        let texts = try Self.texts(Self.fixture("duplicate_keys.jsonl"))
        #expect(texts.map(\.prompt) == ["second prompt", "last messages win"])
        #expect(texts[0].assistant.hasSuffix("\n\n2"), "\(texts[0].assistant)")
        #expect(texts[1].assistant.hasSuffix("\n\nfinal"), "\(texts[1].assistant)")
    }

    /// Escape sequences in the data never reach a terminal raw: not from `stats`, not from messages,
    /// not from the headless inspector; a raw ESC byte in the JSON is a reported error.
    @Test func escapeSequencesAreShownNeverSent() throws {
        let path = Self.fixture("escapes.jsonl")
        let s = try Self.stats(path)
        #expect(s.status == 1)
        #expect(s.traces == 4)
        #expect(s.problems == ["fixtures/adversarial/escapes.jsonl:4:21: unescaped control character byte 0x1B in string"])
        let text = try PonderProcess.run(["stats", path])
        #expect(!Self.hasRawControl(text.stdout, allowingLayout: true), "stats printed raw control characters")
        #expect(!Self.hasRawControl(text.stderr, allowingLayout: true))
        #expect(text.stdout.contains("esc^[[7msource^[]52;c;c291cmNl"), "\(text.stdout)")
        #expect(text.stdout.contains("bidi<U+202E>"))
        let scan = try PonderProcess.run(["scan", path])
        // JSON escapes C0 controls and DEL is not sent either; bidi marks are legal raw JSON text.
        #expect(!scan.stdout.unicodeScalars.contains { ($0.value < 0x20 && $0.value != 0x0A) || $0.value == 0x7F },
                "scan output is JSON: control characters stay escaped")
        #expect(scan.stdout.contains(#""source":"esc\u001b[7msource\u001b]52;c;c291cmNl\u0007""#), "\(scan.stdout)")
        for keys in ["", "j", "jj", "<Tab>z", "j<Tab><Tab>z", "jj<Tab><Tab><Tab>z", "?", "D"] {
            let screen = try PonderProcess.run(["view", path, "--keys", keys, "--dump-screen", "120x30"]).stdout
            #expect(!Self.hasRawControl(screen, allowingLayout: true), "keys \(keys): \(screen)")
        }
        let first = try PonderProcess.run(["view", path, "--keys", "", "--dump-screen", "200x30"]).stdout
        #expect(first.contains("CSI: ^[[31mred^[[0m ^[[2J^[[H^[[10;10Hmoved"), "\(first)")
        #expect(first.contains("^[]52;c;cG9uZGVyLXBhc3RlZA==^G"), "\(first)")
        #expect(first.contains("bare ESC: ^[ then RIS ^[c"), "\(first)")
        let second = try PonderProcess.run(["view", path, "--keys", "j", "--dump-screen", "200x30"]).stdout
        #expect(second.contains("visible^MHIDDEN"), "\(second)")
        #expect(second.contains("abc^H^H^HXYZ"), "\(second)")
        #expect(second.contains("<U+009B>31m"), "\(second)")
        let third = try PonderProcess.run(["view", path, "--keys", "jj", "--dump-screen", "200x30"]).stdout
        #expect(third.contains("<U+202E>evil<U+202C>"), "\(third)")
        #expect(third.contains("zero-width: ab"), "zero-width spaces are not drawn: \(third)")
    }

    /// A C0 control other than newline (and tab), DEL, a C1 control or a bidi control.
    static func hasRawControl(_ text: String, allowingLayout: Bool) -> Bool {
        text.unicodeScalars.contains { s in
            let v = s.value
            if v == 0x0A || (allowingLayout && v == 0x09) { return false }
            return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
        }
    }
}

/// The big cases, generated at test time (never committed).
extension AdversarialTests {
    @Test func aLine200MBLongIsReportedAndSkipped() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.path + "/line_200MB.jsonl"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        try #require(fd >= 0)
        func put(_ s: String) { var s = s; s.withUTF8 { _ = write(fd, $0.baseAddress, $0.count) } }
        put(#"{"problem":"before the big line","reasoning":"r","answer":"1"}"# + "\n")
        put(#"{"problem":"the big line","reasoning":""#)
        let chunk = [UInt8](String(repeating: "All work and no play. ", count: 47_662).utf8)  // ~1 MB
        var left = 200_000_000
        while left > 0 {
            let n = min(left, chunk.count)
            chunk.withUnsafeBytes { _ = write(fd, $0.baseAddress, n) }
            left -= n
        }
        put(#"","answer":"2"}"# + "\n" + #"{"problem":"after the big line","reasoning":"r","answer":"3"}"# + "\n")
        close(fd)
        let s = try Self.stats(path)
        #expect(s.status == 1)
        #expect(s.records == 3)
        #expect(s.traces == 2)
        #expect(s.problems == ["\(path):2: record of 200.0 MB exceeds the 64 MiB limit; skipped"])
        #expect(try Self.texts(path).map(\.prompt) == ["before the big line", "after the big line"])
    }

    @Test func nesting100000DeepIsReportedWithItsColumn() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.path + "/nesting_100k.jsonl"
        let n = 100_000
        var data = Data(#"{"problem":"before the nesting","reasoning":"r","answer":"1"}"#.utf8) + Data("\n".utf8)
        data += Data(repeating: UInt8(ascii: "["), count: n) + Data(repeating: UInt8(ascii: "]"), count: n) + Data("\n".utf8)
        data += Data(#"{"problem":"nested","reasoning":"r","answer":"2","meta":"#.utf8)
        data += Data(String(repeating: #"{"a":"#, count: n).utf8) + Data("1".utf8) + Data(repeating: UInt8(ascii: "}"), count: n + 1) + Data("\n".utf8)
        data += Data(#"{"problem":"after the nesting","reasoning":"r","answer":"4"}"#.utf8) + Data("\n".utf8)
        try data.write(to: URL(fileURLWithPath: path))
        let s = try Self.stats(path)
        #expect(s.status == 1)
        #expect(s.records == 4)
        #expect(s.traces == 2)
        // The parser stops at depth 512: column 513 of the bare arrays; the object's 512th `{` is at 2,606.
        #expect(s.problems == ["\(path):2:513: nesting deeper than 512 levels",
                               "\(path):3:\(56 + 511 * 5 + 1): nesting deeper than 512 levels"], "\(s.problems)")
        // The same nesting as a whole file (one top-level array) is one clear error too.
        let whole = dir.path + "/deep.json"
        try (Data(repeating: UInt8(ascii: "["), count: n) + Data(repeating: UInt8(ascii: "]"), count: n)).write(to: URL(fileURLWithPath: whole))
        let w = try Self.stats(whole)
        #expect(w.status == 1 && w.traces == 0)
        #expect(w.problems.contains { $0.hasPrefix("\(whole):1:") && $0.hasSuffix("nesting deeper than 512 levels") }, "\(w.problems)")
    }

    @Test func aRecordOf10000GenerationsIsTenThousandTraces() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.path + "/generations_10k.jsonl"
        let n = 10_000
        let record: [String: Any] = [
            "problem": "One prompt, ten thousand generations.",
            "generations": (0..<n).map { "<think>Attempt \($0).</think>Answer \($0)." },
            "finish_reasons": (0..<n).map { $0 % 10 == 9 ? "length" : "stop" },
        ]
        try (JSONSerialization.data(withJSONObject: record) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        // One load (a debug build measures ~4,000 traces a second): the headless inspector shows
        // every generation as a trace; G goes to the last, [ to the one before it.
        let out = try PonderProcess.run(["view", path, "--keys", "G[", "--dump-screen", "120x20"])
        #expect(out.status == 0, "\(out.stderr)")
        let screen = out.stdout
        #expect(screen.hasPrefix(" Ponder  10000 of 10000 traces"), "\(screen)")
        #expect(screen.contains("9999/10000"), "\(screen)")
        #expect(screen.contains("Attempt 9998."), "\(screen)")
    }

    @Test(.enabled(if: AdversarialTests.heavy, "set PONDER_HEAVY_TESTS=1 (about 3 minutes in a debug build)"))
    func aMillionTinyRecords() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.path + "/tiny_1M.jsonl"
        var data = Data()
        data.reserveCapacity(36_000_000)
        for i in 0..<1_000_000 { data += Data(#"{"prompt":"p\#(i)","response":"r"}"#.utf8); data.append(0x0A) }
        try data.write(to: URL(fileURLWithPath: path))
        let s = try Self.stats(path)
        #expect(s.status == 0, "\(s.problems)")
        #expect(s.records == 1_000_000)
        #expect(s.traces == 1_000_000)
        #expect(s.problems.isEmpty)
    }

    /// More generations than the UInt16 generation column holds: reported, and no trace shows
    /// another generation's text (before the fix, generation 65,536 wrapped to 0).
    @Test(.enabled(if: AdversarialTests.heavy, "set PONDER_HEAVY_TESTS=1 (about a minute in a debug build)"))
    func moreThan65536GenerationsAreReported() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.path + "/generations_70k.jsonl"
        let record: [String: Any] = ["problem": "many", "generations": (0..<70_000).map { "<think>t\($0)</think>a\($0)" }]
        try (JSONSerialization.data(withJSONObject: record) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let s = try Self.stats(path)
        #expect(s.status == 1)
        #expect(s.traces == 65_536)
        #expect(s.problems == ["\(path):1: record has 70000 generations; only the first 65536 are read"])
        let scan = PonderProcess.jsonLines(try PonderProcess.run(["scan", path]).stdout)
        #expect(scan.last?["generation"] as? Int == 65_535)
    }
}

/// A temporary folder; `remove()` it in a `defer`.
struct TempFolder {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-adv-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
