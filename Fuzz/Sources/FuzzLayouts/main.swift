// Fuzz target (b): layout detection and extraction. The bytes are a small JSONL file: its records
// are parsed, a layout plan is recognised from them (as from the loader's sample), every record's
// traces are extracted and measured by every per-trace detector, then the dataset-wide pass runs.
// A first line starting with `#` holds explicit field paths, tab-separated (prompt, reasoning,
// answer), as `--prompt`/`--reasoning`/`--answer` give them.
import FuzzReplay
import PonderCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLayouts(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = Array(UnsafeBufferPointer(start: data, count: size))
    var explicit: ExplicitPaths? = nil
    if input.first == UInt8(ascii: "#") {
        let end = input.firstIndex(of: 0x0A) ?? input.count
        let fields = String(decoding: input[1..<end], as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
        func path(_ i: Int) -> FieldPath? { i < fields.count ? try? FieldPath.parse(String(fields[i])) : nil }
        explicit = ExplicitPaths(prompt: path(0), reasoning: path(1), answer: path(2))
        input.removeFirst(min(end + 1, input.count))
    }
    let file = FileBytes.inMemory(input, name: "fuzz.jsonl")
    let index = RecordIndex.build(file)
    var parser = JSONParser()
    var docs: [JSONDocument] = []
    for span in index.spans.prefix(64) {
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[span.start..<span.end])
        if case .success(let doc) = parser.parseResult(raw) { docs.append(doc) }
    }
    let plans = LayoutPlans.recognize(sample: docs, explicit: explicit)
    _ = plans.summary
    let thresholds = Thresholds()
    var strings = StringTable()
    var columns = TraceColumns()
    for doc in docs {
        let record = plans.traces(in: doc)
        precondition(!record.traces.isEmpty, "a record gives at least one trace")
        for text in record.traces {
            let figures = TraceMeasure.measure(text, thresholds: thresholds, strings: &strings)
            precondition(figures.promptChars >= 0 && figures.reasoningChars >= 0 && figures.answerChars >= 0)
            precondition(figures.mix.isNaN || (0...1).contains(figures.mix), "mix \(figures.mix)")
            columns.append(figures)
        }
    }
    _ = DatasetAnalysis.run(&columns, thresholds: thresholds)
    return 0
}

runFuzzer(fuzzLayouts)
