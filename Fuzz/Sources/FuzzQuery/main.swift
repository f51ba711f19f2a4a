// Fuzz target (c): the filter language. The bytes are an expression (decoded as UTF-8 with
// replacement, as the inspector's prompt and `--where` hand it over): lexed, parsed, type-checked,
// compiled and evaluated over a small store of measured traces, regexes included.
// Checks: an error's column lies within the expression (its caret can be drawn), and the
// column-wise evaluation agrees with the row-at-a-time test the inspector uses.
import FuzzReplay
import PonderCore

let context: FilterContext = {
    func text(_ p: String, _ r: String, _ a: String, source: String?, finish: String?, gold: String? = nil) -> TraceText {
        var t = TraceText(prompt: p, reasoning: r, answer: a)
        t.source = source
        t.finishReason = finish
        t.gold = gold
        return t
    }
    let texts = [
        text("What is 2+2?", "Two plus two is four.", "4", source: "math", finish: "stop", gold: "4"),
        text("Sum 1..10", "Wait, wait, wait, wait, wait, wait.", "55", source: "math", finish: "length"),
        text("Sort a list", "Use 分解 then merge the halves.", "sorted", source: "code", finish: "stop"),
        text("Empty", "", "", source: nil, finish: nil),
        text("Prove it", String(repeating: "Let me check. ", count: 40), "", source: "code", finish: "length", gold: "qed"),
        text("Quelle est la capitale de la France ?", "The capital of France is Paris, the largest city.", "Paris", source: "geo", finish: "stop"),
    ]
    var columns = TraceColumns()
    var strings = StringTable()
    for (i, t) in texts.enumerated() {
        var f = TraceMeasure.measure(t, thresholds: Thresholds(), strings: &strings)
        f.line = Int32(i + 1)
        f.file = UInt16(i % 2)
        columns.append(f)
    }
    _ = DatasetAnalysis.run(&columns, thresholds: Thresholds())
    return FilterContext(
        columns: columns, strings: strings, fileNames: ["data/a.jsonl", "/srv/b.jsonl.gz"],
        text: { i in i < texts.count ? texts[i] : nil },
        flags: { i in i % 2 == 0 ? (labels: ["loop", "bad"], note: "note \(i)") : nil },
        consistency: columns.consistency, promptLang: columns.promptLang)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQuery(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let filter = try CompiledFilter.compile(source, in: context)
        _ = filter.expression.description
        let all = filter.evaluate()
        precondition(all.count == context.columns.count)
        for (row, keep) in all.enumerated() {
            precondition(filter.matches(row) == keep, "row \(row): evaluate() says \(keep), matches() disagrees for \(filter.expression)")
        }
    } catch {
        let scalars = source.unicodeScalars.count
        precondition(error.column >= 0 && error.column <= scalars, "error column \(error.column) outside 0...\(scalars): \(error.message)")
        precondition(!error.message.isEmpty)
        _ = error.caretDescription(source: source)
    }
    return 0
}

runFuzzer(fuzzQuery)
