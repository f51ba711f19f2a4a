import Foundation
import Testing
@testable import PonderCore

/// Reads the real traces in `../shared/data/real` (relative to the package root) when that
/// folder is present; every test here is skipped with a message when it is absent.
/// Set `PONDER_CALIBRATE=1` to print each flagged trace's figures (the detectors' calibration).
enum RealData {
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath)
        // Tests/PonderCoreTests/RealDataTests.swift -> package root
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("../shared/data/real").standardizedFileURL
    }()

    static var isPresent: Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("math_cot_100.jsonl").path)
    }

    static let calibrating = ProcessInfo.processInfo.environment["PONDER_CALIBRATE"] == "1"

    struct Trace {
        var record: Int
        var generation: Int
        var prompt: String
        var reasoning: String
    }

    static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

    static func between(_ s: String, _ open: String, _ close: String) -> String {
        guard let a = s.range(of: open) else { return trimmed(s) }
        let rest = s[a.upperBound...]
        if let b = rest.range(of: close) { return trimmed(String(rest[..<b.lowerBound])) }
        return trimmed(String(rest))
    }

    /// The traces of one file, extracted as GUIDE §2 says for its layout.
    static func traces(_ file: String) throws -> [Trace] {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        var out: [Trace] = []
        var index = 0
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            defer { index += 1 }
            guard let record = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { continue }
            if let question = record["question"] as? String, let code = record["code"] as? [String] {
                for (g, text) in code.enumerated() {
                    let reasoning = text.contains("<|begin_of_thought|>")
                        ? between(text, "<|begin_of_thought|>", "<|end_of_thought|>") : trimmed(text)
                    out.append(Trace(record: index, generation: g, prompt: trimmed(question), reasoning: reasoning))
                }
            } else if let messages = record["messages"] as? [[String: Any]] {
                var prompt = ""
                var g = 0
                for message in messages {
                    let parts = message["content"] as? [[String: Any]] ?? []
                    func text(_ type: String) -> String {
                        parts.filter { $0["type"] as? String == type }.compactMap { $0["value"] as? String }
                            .joined(separator: "\n")
                    }
                    switch message["role"] as? String {
                    case "user": prompt = trimmed(text("text"))
                    case "assistant":
                        let reasoning = trimmed(text("reasoning"))
                        if !reasoning.isEmpty {
                            out.append(Trace(record: index, generation: g, prompt: prompt, reasoning: reasoning))
                            g += 1
                        }
                    default: break
                    }
                }
            } else if let turns = record["conversations"] as? [[String: Any]] {
                var prompt = ""
                for turn in turns {
                    let value = turn["value"] as? String ?? ""
                    if turn["from"] as? String == "human" { prompt = trimmed(value) }
                    if turn["from"] as? String == "gpt" {
                        // No separate reasoning in this file: the answer is read as reasoning.
                        out.append(Trace(record: index, generation: 0, prompt: prompt, reasoning: trimmed(value)))
                    }
                }
            }
        }
        return out
    }

    static let files = [
        "Sky-T1-math-corrupt-0.5-32B_amc23.jsonl", "Sky-T1-math-wrong-5K-14B_aime24.jsonl",
        "math_cot_100.jsonl", "reason_tool_use_demo_50.jsonl", "numina_cot_sharegpt_data_1k.jsonl",
    ]
}

@Suite struct RealDataTests {
    @Test func scriptMixFlagsTheTokenSaladAndNothingElse() throws {
        guard RealData.isPresent else {
            print("skipped: no real data at \(RealData.folder.path)")
            return
        }
        for file in RealData.files {
            let traces = try RealData.traces(file)
            var flagged: [RealData.Trace] = []
            for t in traces {
                let r = ScriptMix.measure(prompt: t.prompt, reasoning: t.reasoning)
                if r.isMixed() {
                    flagged.append(t)
                    if RealData.calibrating {
                        let spans = r.spans.prefix(6).map { span in
                            String(decoding: t.reasoning.utf8.dropFirst(span.lowerBound).prefix(span.count), as: UTF8.self)
                        }
                        print("  mixed \(file) #\(t.record).\(t.generation) letters \(r.letters) foreign \(r.foreignLetters) scripts \(r.foreignScripts) spans \(spans)")
                    }
                }
            }
            print("script mix: \(file): \(flagged.count) of \(traces.count) flagged")
            if file == "math_cot_100.jsonl" {
                // The 3 generations that end in multilingual token salad.
                #expect(traces.count == 800)
                #expect(flagged.map { "\($0.record).\($0.generation)" } == ["25.1", "45.5", "48.3"])
            } else if file == "numina_cot_sharegpt_data_1k.jsonl" {
                // A true positive: an English problem answered in Russian.
                #expect(flagged.map(\.record) == [681])
            } else {
                #expect(flagged.count == 0, "\(file)")
            }
        }
    }

    /// The prompt's language without CLD2: where `EnglishSentences` calls a prompt plain English,
    /// CLD2's reading says English too, on every distinct prompt of the real data, and the reading
    /// decides most of them (what spares CLD2 on the prompts of most datasets).
    @Test func englishReadingOfPromptsAgreesWithCLD2() throws {
        guard RealData.isPresent else {
            print("skipped: no real data at \(RealData.folder.path)")
            return
        }
        var decided = 0, total = 0
        var disagreements: [String] = []
        for file in RealData.files {
            for prompt in Set(try RealData.traces(file).map(\.prompt)) {
                total += 1
                LanguageConsistency.withCleanedPrompt(prompt) { buf in
                    guard LanguageConsistency.isMostlyASCII(buf), EnglishSentences.read(buf).isEnglish else { return }
                    decided += 1
                    let cld2 = LanguageConsistency.promptLanguageByCLD2(buf)
                    if cld2 != "en" { disagreements.append("\(file): CLD2 says \(cld2 ?? "nil"): \(prompt.prefix(120))") }
                }
            }
        }
        print("prompt language: the English reading decides \(decided) of \(total) distinct real prompts")
        #expect(disagreements.isEmpty, "\(disagreements)")
        #expect(decided * 2 > total)
    }

    @Test func mostCutOffAIMETracesEndInATailLoop() throws {
        guard RealData.isPresent else {
            print("skipped: no real data at \(RealData.folder.path)")
            return
        }
        for file in RealData.files {
            let traces = try RealData.traces(file)
            var loops = 0
            var cutLoops = 0
            var cut = 0
            for t in traces {
                let r = TailLoop.measure(t.reasoning)
                let isCut = file.hasPrefix("Sky-T1") && !t.reasoning.isEmpty
                    && (try? RealData.isCut(file: file, record: t.record, generation: t.generation)) == true
                if isCut { cut += 1 }
                if TailLoop.isLoop(r) {
                    loops += 1
                    if isCut { cutLoops += 1 }
                }
                if RealData.calibrating, let r, r.copies >= 2 {
                    print("  tail \(file) #\(t.record).\(t.generation) cut \(isCut) period \(r.periodChars) copies \(r.copies) covered \(r.coveredChars) coverage \(String(format: "%.3f", r.coverage)) loop \(TailLoop.isLoop(r))")
                }
            }
            print("tail loop: \(file): \(loops) of \(traces.count) flagged (\(cutLoops) of \(cut) cut off)")
            if file == "Sky-T1-math-wrong-5K-14B_aime24.jsonl" {
                #expect(cut == 26)
                #expect(cutLoops >= 18)
            }
            if file == "Sky-T1-math-corrupt-0.5-32B_amc23.jsonl" {
                // The 3 cut-off traces, and record 31, whose thinking ends in 4 verbatim copies
                // of an 817-character paragraph before the model escaped: true positives.
                #expect(loops == 4)
            }
        }
    }
}

extension RealDataTests {
    /// The cut-off generations of the Sky-T1 files all stopped at one cap of the Qwen2.5
    /// tokenizer: the estimates of their whole generations should agree with each other.
    @Test func tokenEstimateOnCappedGenerations() throws {
        guard RealData.isPresent else {
            print("skipped: no real data at \(RealData.folder.path)")
            return
        }
        var estimates: [Int] = []
        for file in RealData.files where file.hasPrefix("Sky-T1") {
            for generations in try RealData.rawGenerations(file) {
                for text in generations where !text.contains("<|end_of_thought|>") {
                    estimates.append(TokenEstimate.count(text))
                }
            }
        }
        estimates.sort()
        let median = estimates[estimates.count / 2]
        print("token estimate of \(estimates.count) capped generations: min \(estimates.first ?? 0) median \(median) max \(estimates.last ?? 0); all: \(estimates)")
        #expect(estimates.count == 29)
        // Assumed cap: 32,768 Qwen2.5 tokens (Sky-T1's evaluation default).
        #expect(Double(median) / 32768 > 0.95 && Double(median) / 32768 < 1.15)
        #expect(estimates.allSatisfy { Double($0) / 32768 > 0.85 && Double($0) / 32768 < 1.25 })
    }
}

extension RealDataTests {
    @Test func repetitionKeepsHealthyTracesClean() throws {
        guard RealData.isPresent else {
            print("skipped: no real data at \(RealData.folder.path)")
            return
        }
        for file in RealData.files {
            let traces = try RealData.traces(file)
            var gopher = 0
            var flagged = 0
            var figures: [[Double]] = []
            for t in traces {
                let r = Repetition.measure(t.reasoning)
                if Repetition.isRepetitive(r, thresholds: .gopher) { gopher += 1 }
                if Repetition.isRepetitive(r) { flagged += 1 }
                let row = [r.dupLineFrac, r.dupParaFrac, r.dupLineCharFrac, r.dupParaCharFrac]
                    + r.topNgramCharFrac + r.dupNgramCharFrac
                figures.append(row)
                if RealData.calibrating {
                    let cut = file.hasPrefix("Sky-T1") ? ((try? RealData.isCut(file: file, record: t.record, generation: t.generation)) ?? false) : false
                    print("  rep \(file.prefix(12)) #\(t.record).\(t.generation) cut \(cut) loop \(TailLoop.isLoop(TailLoop.measure(t.reasoning))) " + row.map { String(format: "%.2f", $0) }.joined(separator: " ") + " flagged \(Repetition.isRepetitive(r))")
                }
            }
            switch file {
            case "Sky-T1-math-corrupt-0.5-32B_amc23.jsonl": #expect(flagged == 3)  // its 3 cut-off loops
            case "Sky-T1-math-wrong-5K-14B_aime24.jsonl": #expect(flagged == 26)  // the 26 cut off
            default: #expect(flagged == 0, "\(file)")
            }
            let maxima = (0..<13).map { k in figures.map { $0[k] }.max() ?? 0 }
            print("repetition: \(file): \(flagged) of \(traces.count) flagged (Gopher thresholds: \(gopher)); max " + maxima.map { String(format: "%.2f", $0) }.joined(separator: " "))
        }
    }
}

extension RealData {
    /// Sky-T1 generations that never reached `<|end_of_thought|>` were cut at the cap.
    static func isCut(file: String, record: Int, generation: Int) throws -> Bool {
        let raw = try rawGenerations(file)
        return !raw[record][generation].contains("<|end_of_thought|>")
    }

    static func rawGenerations(_ file: String) throws -> [[String]] {
        let data = try Data(contentsOf: folder.appendingPathComponent(file))
        return try data.split(separator: UInt8(ascii: "\n")).map { line in
            let record = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            return record?["code"] as? [String] ?? []
        }
    }
}
