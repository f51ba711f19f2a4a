import Foundation
import Testing
@testable import PonderCore

/// Every input a fuzz run found (scripts/fuzz.sh) lives in `fixtures/fuzz/TARGET/` and is replayed
/// here through the code path of its target (Fuzz/Sources/Fuzz*/main.swift), with the same checks.
/// The folders also seed later fuzz runs.
@Suite struct FuzzRegressionTests {
    static let root = SharedData.fixtures.appendingPathComponent("fuzz")

    /// `target/name` of every kept input.
    static let inputs: [String] = ["records", "layouts", "query"].flatMap { target in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(target).path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(target)/\($0)" }
    }

    @Test func findingsAreKept() {
        #expect(!Self.inputs.isEmpty, "fixtures/fuzz/ holds the fuzz findings")
    }

    @Test(arguments: inputs) func replay(_ input: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent(input)))
        switch input.split(separator: "/").first {
        case "records": Self.records(bytes)
        case "layouts": Self.layouts(bytes)
        case "query": Self.query(bytes)
        default: Issue.record("unknown fuzz target folder: \(input)")
        }
    }

    // MARK: The fuzz targets' code paths

    /// Record reader: index the bytes as a file, parse every record.
    static func records(_ bytes: [UInt8]) {
        let file = FileBytes.inMemory(bytes, name: "fuzz.jsonl")
        let index = RecordIndex.build(file)
        var parser = JSONParser()
        for span in index.spans {
            #expect(span.start >= 0 && span.start <= span.end && span.end <= bytes.count)
            let raw = UnsafeRawBufferPointer(rebasing: file.bytes[span.start..<span.end])
            if case .failure(let error) = parser.parseResult(raw) {
                #expect(error.offset >= 0 && error.offset <= raw.count)
                #expect(!error.reason.isEmpty)
            }
        }
    }

    /// Layouts: recognise a plan from the records, extract and measure every trace.
    static func layouts(_ bytes: [UInt8]) {
        let file = FileBytes.inMemory(bytes, name: "fuzz.jsonl")
        let index = RecordIndex.build(file)
        var parser = JSONParser()
        var docs: [JSONDocument] = []
        for span in index.spans.prefix(64) {
            if case .success(let doc) = parser.parseResult(UnsafeRawBufferPointer(rebasing: file.bytes[span.start..<span.end])) {
                docs.append(doc)
            }
        }
        let plans = LayoutPlans.recognize(sample: docs)
        var strings = StringTable()
        var columns = TraceColumns()
        for doc in docs {
            let record = plans.traces(in: doc)
            #expect(!record.traces.isEmpty)
            for text in record.traces { columns.append(TraceMeasure.measure(text, thresholds: Thresholds(), strings: &strings)) }
        }
        _ = DatasetAnalysis.run(&columns, thresholds: Thresholds())
    }

    /// Filter language: compile against a small store; an error points inside the expression, and
    /// the column-wise evaluation agrees with the row-at-a-time test.
    static func query(_ bytes: [UInt8]) {
        let source = String(decoding: bytes, as: UTF8.self)
        let context = QueryStore.context
        do {
            let filter = try CompiledFilter.compile(source, in: context)
            let all = filter.evaluate()
            #expect(all.count == context.columns.count)
            for (row, keep) in all.enumerated() { #expect(filter.matches(row) == keep) }
        } catch {
            #expect(error.column >= 0 && error.column <= source.unicodeScalars.count)
            #expect(!error.caretDescription(source: source).isEmpty)
        }
    }

    // MARK: Named findings

    /// query/long-regex-leak: a regex of 259 UTF-16 units made NSRegularExpression leak (Foundation,
    /// suppressed in scripts/sanitizers/lsan.supp). Long patterns must still compile and match.
    @Test func regexesLongerThan256UnitsCompileAndMatch() throws {
        let pattern = "two plus two" + String(repeating: "x?", count: 150)
        let filter = try CompiledFilter.compile("reasoning ~ /\(pattern)/i", in: QueryStore.context)
        #expect(filter.matchingRows() == [0])
    }
}

/// A few measured traces with their texts: the store the query fuzz target compiles against.
enum QueryStore {
    static let texts: [TraceText] = {
        func text(_ p: String, _ r: String, _ a: String, source: String?, finish: String?) -> TraceText {
            var t = TraceText(prompt: p, reasoning: r, answer: a)
            t.source = source
            t.finishReason = finish
            return t
        }
        return [
            text("What is 2+2?", "Two plus two is four.", "4", source: "math", finish: "stop"),
            text("Sum 1..10", "Wait, wait, wait, wait, wait, wait.", "55", source: "math", finish: "length"),
            text("Sort a list", "Use 分解 then merge the halves.", "sorted", source: "code", finish: "stop"),
            text("Empty", "", "", source: nil, finish: nil),
        ]
    }()

    static let context: FilterContext = {
        var columns = TraceColumns()
        var strings = StringTable()
        let texts = QueryStore.texts
        for (i, t) in texts.enumerated() {
            var f = TraceMeasure.measure(t, thresholds: Thresholds(), strings: &strings)
            f.line = Int32(i + 1)
            columns.append(f)
        }
        _ = DatasetAnalysis.run(&columns, thresholds: Thresholds())
        return FilterContext(columns: columns, strings: strings, fileNames: ["a.jsonl"],
                             text: { i in i < texts.count ? texts[i] : nil },
                             flags: { i in i == 0 ? (labels: ["loop"], note: "n") : nil },
                             consistency: columns.consistency, promptLang: columns.promptLang)
    }()
}
