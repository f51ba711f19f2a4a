import Foundation
import Testing
import TestSupport

/// Drives the real `ponder` binary on the fixtures, as a pipeline would.
@Suite struct StatsAndScanTests {
    /// fixture → (layout, records, traces), as `ponder stats --json` must report them.
    static let expected: [(String, String, Int, Int)] = [
        ("api_batch.jsonl", "api-response", 3, 3),
        ("api_response.jsonl", "api-response", 3, 4),
        ("array.json", "split-fields", 4, 4),
        ("chat_messages.jsonl", "chat-messages", 4, 4),
        ("chat_template.jsonl", "think-tags", 2, 2),
        ("content_blocks.jsonl", "content-blocks", 3, 3),
        ("eval_parallel_lists.jsonl", "generations", 3, 5),
        ("generations.jsonl", "generations", 2, 5),
        ("odd_keys.jsonl", "split-fields", 4, 4),
        ("odd_keys_spaces.jsonl", "split-fields", 3, 3),
        ("prompt_completion.jsonl", "prompt-completion", 3, 3),
        ("prompt_completion_messages.jsonl", "prompt-completion", 3, 3),
        ("sharegpt.jsonl", "sharegpt", 3, 3),
        ("split_fields.jsonl", "split-fields", 4, 4),
        ("think_tags.jsonl", "think-tags", 5, 5),
        ("thought_markers.jsonl", "thought-markers", 4, 4),
        ("vllm_outputs.jsonl", "generations", 2, 4),
        ("template_prompt.jsonl", "think-tags", 2, 2),
        ("s1k_trajectories.jsonl", "split-fields", 3, 3),
    ]

    @Test func everyFormatFixtureIsCovered() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: PonderProcess.fixtures.appendingPathComponent("formats").path)
        #expect(Set(names) == Set(Self.expected.map(\.0)))
    }

    @Test(arguments: expected)
    func statsNamesLayoutAndCounts(_ fixture: (String, String, Int, Int)) throws {
        let path = "fixtures/formats/\(fixture.0)"
        let out = try PonderProcess.run(["stats", "--json", path])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.first?["layout"] as? String == fixture.1)
        #expect(json["records"] as? Int == fixture.2)
        #expect(json["traces"] as? Int == fixture.3)
        #expect(json["malformed"] as? Int == 0)
    }

    @Test func scanPrintsOneObjectPerTraceWithTheDocumentedFields() throws {
        let out = try PonderProcess.run(["scan", "--jsonl", "fixtures/formats/generations.jsonl"])
        #expect(out.status == 0)
        let rows = PonderProcess.jsonLines(out.stdout)
        #expect(rows.count == 5)
        let required = ["file", "line", "generation", "layout", "source", "prompt_chars", "reasoning_chars", "answer_chars",
                        "reasoning_tokens", "mix", "mixed", "loop", "loop_period", "loop_copies", "loop_coverage",
                        "loop_start", "truncated", "truncated_reason", "outlier", "length_z", "duplicate_group", "key"]
        for row in rows { for k in required { #expect(row.keys.contains(k), "missing \(k)") } }
        #expect(rows.map { $0["line"] as? Int } == [1, 1, 2, 2, 2])
        #expect(rows.map { $0["generation"] as? Int } == [0, 1, 0, 1, 2])
    }

    @Test func malformedLinesAreReportedWithLocationAndTheRestLoads() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.jsonl")
        var data = Data(#"{"problem":"1+1?","reasoning":"one plus one","answer":"2"}"#.utf8) + Data("\n".utf8)
        data += Data(#"{"problem":"broken", "reasoning": }"#.utf8) + Data("\n\n".utf8)
        data += Data(#"{"problem":"bad utf8 "#.utf8) + Data([0xFF, 0xFE]) + Data(#"","answer":"x"}"#.utf8) + Data("\n".utf8)
        data += Data(#"{"problem":"2+2?","reasoning":"two plus two","answer":"4"}"#.utf8) + Data("\n".utf8)
        try data.write(to: file)
        let out = try PonderProcess.run(["scan", file.path])
        #expect(out.status == 1)
        #expect(PonderProcess.jsonLines(out.stdout).count == 2)
        #expect(out.stderr.contains("bad.jsonl:2:"))
        #expect(out.stderr.contains("bad.jsonl:4:"))
        #expect(out.stderr.contains("invalid UTF-8"))
    }

    @Test func gzipStdinAndUsageErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = PonderProcess.fixtures.appendingPathComponent("formats/sharegpt.jsonl")
        let gz = dir.appendingPathComponent("s.jsonl.gz")
        #expect(try Spawn.shell(#"gzip -c "$1" > "$2""#, [plain.path, gz.path]).status == 0)
        let fromGz = try PonderProcess.run(["scan", gz.path])
        let fromStdin = try PonderProcess.run(["scan", "-"], stdin: try Data(contentsOf: plain))
        #expect(fromGz.status == 0 && fromStdin.status == 0)
        #expect(PonderProcess.jsonLines(fromGz.stdout).count == 3)
        #expect(PonderProcess.jsonLines(fromStdin.stdout).count == 3)
        let usage = try PonderProcess.run(["scan", "--max-record-mb", "0", plain.path])
        #expect(usage.status == 2)
        let missing = try PonderProcess.run(["scan", dir.appendingPathComponent("nope.jsonl").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nope.jsonl: cannot open"))
        #expect(try PonderProcess.run(["scan", "--max-record-mb", "8796093022208", plain.path]).status == 2)
        // The inspector does not open on nothing; a mistyped command is read as a file and said so.
        let inspectMissing = try PonderProcess.run([dir.appendingPathComponent("nope.jsonl").path])
        #expect(inspectMissing.status == 1 && inspectMissing.stderr.contains("No such file"))
        let typo = try PonderProcess.run(["statz", plain.path])
        #expect(typo.status == 1 && typo.stderr.contains("did you mean `ponder stats`?"))
        // The inspector says at once that the flags file has a damaged line (stderr is hidden under it).
        let copy = dir.appendingPathComponent("d.jsonl")
        try FileManager.default.copyItem(at: plain, to: copy)
        try Data(#"{"v":1,"op":"set","ke"#.utf8).write(to: dir.appendingPathComponent("d.jsonl.ponder-flags.jsonl"))
        let screen = try PonderProcess.run(["view", copy.path, "--dump-screen", "160x6"])
        #expect(screen.stdout.contains("flags file: line 1 skipped"), "\(screen.stdout)")
        // Standard output opened onto an input (`1<>`) is refused, the input unchanged.
        let before = try Data(contentsOf: copy)
        let onto = try Spawn.shell(#""$1" export "$2" -o - 1<>"$2""#, [PonderProcess.binary.path, copy.path])
        #expect(onto.status == 1 && onto.stderrText.contains("one of the files being read"))
        #expect(try Data(contentsOf: copy) == before)
        // The inspector's export writes files only: `-` would go over its own screen.
        let stream = try PonderProcess.run(["view", copy.path, "--keys", "E-<CR>", "--dump-screen", "160x6"])
        #expect(stream.stdout.contains("the inspector exports to files"), "\(stream.stdout)")
        let unmatched = try PonderProcess.run(["stats", "--prompt", "nosuch.field", plain.path])
        #expect(unmatched.status == 1 && unmatched.stderr.contains("--prompt 'nosuch.field' found no text"))
        // Output that cannot be written is an error, said, not a silent loss.
        for command in ["scan", "stats"] {
            let full = try Spawn.shell(#""$1" "$2" "$3" > /dev/full"#, [PonderProcess.binary.path, command, plain.path])
            #expect(full.status == 1 && full.stderrText.contains("writing standard output"), "\(command): \(full.stderrText)")
        }
    }

    /// Reads ../shared/data/json-test-suite through the CLI, each case as a one-record file:
    /// `n_` cases are reported with file and line and exit 1; `y_` exit 0. Skipped where absent.
    @Test func jsonTestSuiteThroughTheReader() throws {
        guard let root = PonderProcess.sharedData("json-test-suite/test_parsing") else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        let n = names.filter { $0.hasPrefix("n_") }.prefix(40).map { root.appendingPathComponent($0).path }
        let out = try PonderProcess.run(["stats", "--json"] + n)
        #expect(out.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        // Every case is either refused as a whole file or counted as a malformed record; none yields a trace.
        #expect((json["traces"] as? Int ?? -1) <= files.count)
    }
}

extension StatsAndScanTests {
    /// `--min-consistency` moves the language-consistency verdict; out of range is a usage error.
    @Test func minConsistencyOptionSetsTheVerdict() throws {
        let file = PonderProcess.fixtures.appendingPathComponent("languages/traces.jsonl").path
        func inconsistent(_ extra: [String]) throws -> Int {
            let out = try PonderProcess.run(["scan"] + extra + [file])
            #expect(out.status == 0, "\(out.stderr)")
            return PonderProcess.jsonLines(out.stdout).filter { $0["inconsistent"] as? Bool == true }.count
        }
        let byDefault = try inconsistent([])
        #expect(byDefault > 0)
        #expect(try inconsistent(["--min-consistency", "0"]) == 0)
        #expect(try inconsistent(["--min-consistency", "1"]) >= byDefault)
        #expect(try PonderProcess.run(["scan", "--min-consistency", "1.5", file]).status == 2)
    }

    /// `--no-language` skips CLD2: no languages, no consistency, nothing inconsistent; the other
    /// figures are the same.
    @Test func noLanguageSkipsLanguageIdentificationOnly() throws {
        let file = PonderProcess.fixtures.appendingPathComponent("languages/traces.jsonl").path
        let with = PonderProcess.jsonLines(try PonderProcess.run(["scan", file]).stdout)
        let without = PonderProcess.jsonLines(try PonderProcess.run(["scan", "--no-language", file]).stdout)
        #expect(with.count == without.count && !with.isEmpty)
        for (a, b) in zip(with, without) {
            #expect(b["prompt_lang"] is NSNull && b["consistency"] is NSNull && b["reasoning_langs"] is NSNull)
            #expect(b["inconsistent"] as? Bool == false)
            #expect(a["mix"] as? Double == b["mix"] as? Double)
            #expect(a["reasoning_tokens"] as? Int == b["reasoning_tokens"] as? Int)
        }
    }
}
