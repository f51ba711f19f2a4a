import Foundation
import Testing

/// `ponder export` and `ponder check` as a pipeline uses them.
@Suite struct ExportCheckTests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The prompt, reasoning and answer of every trace, via scan's key (a hash of the three).
    static func keys(_ path: String) throws -> [String] {
        let out = try PonderProcess.run(["scan", path])
        return PonderProcess.jsonLines(out.stdout).compactMap { $0["key"] as? String }
    }

    @Test(arguments: ["split_fields.jsonl", "generations.jsonl", "sharegpt.jsonl", "api_response.jsonl", "content_blocks.jsonl"])
    func originalIsByteIdenticalAndMessagesRoundTrip(_ fixture: String) throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = "fixtures/formats/\(fixture)"
        let original = dir.appendingPathComponent("o.jsonl").path
        let e1 = try PonderProcess.run(["export", input, "-o", original])
        #expect(e1.status == 0, "\(e1.stderr)")
        #expect(e1.stderr.contains("wrote"))
        // Every record has at least one trace, so `original` of everything is the input's records.
        let inLines = try String(contentsOfFile: PonderProcess.packageRoot.appendingPathComponent(input).path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true)
        let outData = try Data(contentsOf: URL(fileURLWithPath: original))
        let expected = Data((inLines.joined(separator: "\n") + "\n").utf8)
        #expect(outData == expected)

        for format in ["messages", "sharegpt"] {
            let converted = dir.appendingPathComponent("\(format).jsonl").path
            let e2 = try PonderProcess.run(["export", input, "-o", converted, "--format", format])
            #expect(e2.status == 0, "\(e2.stderr)")
            // Loaded back, the same prompts, reasoning and answers (the content keys match).
            #expect(try Self.keys(converted) == Self.keys(input), "\(format)")
            // Python's json (or jq) reads it: every line is one JSON object.
            let lines = try String(contentsOfFile: converted, encoding: .utf8).split(separator: "\n")
            #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        }
    }

    @Test func refusesToOverwriteOutputsAndInputs() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try FileManager.default.copyItem(at: PonderProcess.fixtures.appendingPathComponent("formats/split_fields.jsonl"), to: input)
        let before = try Data(contentsOf: input)
        let onInput = try PonderProcess.run(["export", input.path, "-o", input.path, "--force"])
        #expect(onInput.status != 0)
        #expect(try Data(contentsOf: input) == before)
        let out = dir.appendingPathComponent("out.jsonl").path
        #expect(try PonderProcess.run(["export", input.path, "-o", out]).status == 0)
        let again = try PonderProcess.run(["export", input.path, "-o", out, "--where", "prompt.chars > 1m"])
        #expect(again.status == 2, "an existing target is a usage error")
        #expect(again.stderr.contains("exists; use --force"), "\(again.stderr)")
        #expect(again.stderr.contains("See 'ponder export --help'") && !again.stderr.contains("<subcommand>"),
                "a usage error found while running names its command: \(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)).count > 0)
        let forced = try PonderProcess.run(["export", input.path, "-o", out, "--where", "prompt.chars > 1m", "--force"])
        #expect(forced.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)).count == 0)
    }

    @Test func whereSelectsAndBadExpressionsPointAtTheColumn() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("t.jsonl").path
        let r = try PonderProcess.run(["export", "fixtures/formats/think_tags.jsonl", "-o", out, "--where", "truncated", "--format", "messages"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("wrote 1 records (1 traces"))
        // A .gz name for uncompressed output is refused before loading.
        let gz = try PonderProcess.run(["export", "fixtures/formats/think_tags.jsonl", "-o", out + ".gz"])
        #expect(gz.status == 2 && gz.stderr.contains("written uncompressed"))
        // `-o -` streams to standard output.
        let streamed = try PonderProcess.run(["export", "fixtures/formats/think_tags.jsonl", "-o", "-", "--where", "truncated"])
        #expect(streamed.status == 0)
        #expect(streamed.stdout.split(separator: "\n").count == 1 && streamed.stdout.hasPrefix("{"))
        let bad = try PonderProcess.run(["export", "fixtures/formats/think_tags.jsonl", "-o", out + "2", "--where", "reasoning.chars > \"x\""])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("^"))
    }

    @Test func checkGatesOnCountsAndShares() throws {
        let pass = try PonderProcess.run(["check", "fixtures/formats/think_tags.jsonl", "--where", "truncated", "--max", "1"])
        #expect(pass.status == 0)
        #expect(pass.stdout.hasPrefix("ok: 1 of 5"))
        let fail = try PonderProcess.run(["check", "fixtures/formats/think_tags.jsonl", "--where", "truncated", "--max", "10%"])
        #expect(fail.status == 1)
        #expect(fail.stdout.contains("FAIL"))
        #expect(fail.stdout.contains("think_tags.jsonl:"))
        let usage = try PonderProcess.run(["check", "fixtures/formats/think_tags.jsonl", "--where", "loop", "--max", "lots"])
        #expect(usage.status == 2)
    }
}
