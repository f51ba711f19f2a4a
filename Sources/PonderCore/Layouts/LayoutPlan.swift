/// How one file's records map to traces (GUIDE §2): decided once from a sample of records by
/// `recognize`, then applied to every record by `traces(in:)`, which does key lookups only.
///
/// Choices where the guide is silent:
/// - Order of recognition: API response (`choices` at the root, `response.body`, `response`, `body`),
///   then `prompt` + `completion`, then a list of generations (before messages: OpenR1 carries
///   both), then a message list, then top-level text fields, then a raw chat template in one field.
/// - A generation without tags or markers is plain chain of thought: the whole text is the
///   reasoning and the answer is the parallel `pred` value, else the last `\boxed{}`, else empty.
/// - Message lists: the prompt is the last user turn before the final assistant turn; the
///   reasoning joins every assistant turn after that user turn (agentic turns between tool
///   results); the answer is the final turn's text. Tool calls from those turns go to `toolCalls`;
///   intermediate assistant text and tool results are not shown.
/// - A `</think>` without its opening tag ends the reasoning (the template opened it), except in
///   a turn whose reasoning is already in a field or typed part: there the stray tag is dropped.
/// - Text before an opening tag is kept at the start of the answer, never lost.
/// - `answer` and `solution` are gold when another field holds the model's answer (or when two
///   of them compete, the shorter one on average is gold); `gt`, `reference*`, `ground_truth*`
///   always are. The first non-empty gold field in rank order is used (`None` counts as empty).
/// - A record that the file's layout does not fit is `.unknown` with its keys, even when another
///   layout would fit it: one file, one layout. Explicit paths apply to every record, and a path
///   missing from a record is reported in `problem` while the rest of the trace stays.
public struct LayoutPlan: Sendable {
    /// Top-level fields resolved at recognition, by their exact key names in the file.
    struct Fields: Sendable {
        var prompt: String?
        /// The prompt field holds a raw chat template (seen in the sample): read its last user turn.
        var promptTemplate = false
        var input: String?
        var reasoning: String?
        var answer: String?
        var system: String?
        /// Gold answer keys, best first; the first non-empty one is used.
        var gold: [String] = []
        var source: String?
        var domain: String?
        var id: String?
        var model: String?
        var finishReason: String?
        var correct: String?
        /// Whether the answer text may carry think tags or markers to split.
        var answerTags = true
    }

    /// A list of generations with its parallel lists.
    struct Generations: Sendable {
        var list: String
        var finishReasons: String?
        /// Parallel correctness lists, best first (`correctness_math_verify`, `correctness_*`, `score`...).
        var correct: [String] = []
        var pred: String?
    }

    enum Strategy: Sendable {
        case fields
        case template(key: String)
        case messages(key: String)
        case promptCompletion(prompt: String, completion: String)
        case apiResponse(path: [String])
        case generations(Generations)
        case none
    }

    /// The layout this plan reads.
    public private(set) var kind: LayoutKind
    /// One line for the user: the layout and the fields it reads, e.g. "sharegpt: conversations[].from/value".
    public private(set) var summary: String

    var strategy: Strategy
    /// The detected kind, before explicit paths relabel the plan.
    let detectedKind: LayoutKind
    var fields: Fields
    var explicit: ExplicitPaths?
    /// The layout has a place for reasoning in every record (a reasoning field, tags seen in the sample).
    var reasoningSlot: Bool

    init(kind: LayoutKind, summary: String, strategy: Strategy, fields: Fields, reasoningSlot: Bool) {
        self.kind = kind
        self.detectedKind = kind
        self.summary = summary
        self.strategy = strategy
        self.fields = fields
        self.reasoningSlot = reasoningSlot
    }

    /// Decides the layout of a file from a sample of its records (a few dozen is plenty). Explicit
    /// paths, when given, beat detection for their parts; the detected layout fills the rest.
    public static func recognize(sample: [JSONDocument], explicit: ExplicitPaths? = nil) -> LayoutPlan {
        var plan = LayoutRecognizer(sample: sample).plan()
        if let explicit, !explicit.isEmpty {
            plan.explicit = explicit
            plan.kind = .explicitPaths
            var parts: [String] = []
            if let p = explicit.prompt { parts.append("prompt=\(p)") }
            if let p = explicit.reasoning { parts.append("reasoning=\(p)") }
            if let p = explicit.answer { parts.append("answer=\(p)") }
            plan.summary = "explicit-paths: " + parts.joined(separator: " ") + " (else " + plan.summary + ")"
        }
        return plan
    }

    /// The traces of one record. A record the layout does not fit gives one empty trace of layout
    /// `.unknown` with the reason and the keys it has; it is never dropped.
    public func traces(in doc: JSONDocument) -> RecordTraces {
        var result = detectedTraces(in: doc)
        if let explicit { applyExplicit(explicit, doc, &result) }
        return result
    }

    func detectedTraces(in doc: JSONDocument) -> RecordTraces {
        let root = doc.root
        guard doc.kind(root) == .object else { return unknown(doc, "record is not a JSON object") }
        var traces: [TraceText]?
        switch strategy {
        case .fields: traces = fieldTraces(doc)
        case .template(let key): traces = templateTraces(doc, key)
        case .messages(let key): traces = messageTraces(doc, key)
        case .promptCompletion(let p, let c): traces = promptCompletionTraces(doc, p, c)
        case .apiResponse(let path): traces = responseTraces(doc, path)
        case .generations(let g): traces = generationTraces(doc, g)
        case .none: traces = nil
        }
        guard var traces, !traces.isEmpty else { return unknown(doc, nil) }
        for i in traces.indices { addMetadata(doc, &traces[i]) }
        return RecordTraces(layout: detectedKind, traces: traces)
    }


    func unknown(_ doc: JSONDocument, _ reason: String?) -> RecordTraces {
        let why = reason ?? "no prompt/reasoning/answer found"
        return RecordTraces(layout: .unknown, traces: [TraceText()],
                            problem: "\(why); keys: \(RecordText.keyList(doc, doc.root))")
    }

    /// Top-level metadata shared by all layouts; a value a layout already set is kept.
    func addMetadata(_ doc: JSONDocument, _ t: inout TraceText) {
        let root = doc.root
        func get(_ key: String?) -> String? {
            guard let key, let s = RecordText.scalar(doc, doc.member(root, key)) else { return nil }
            let v = RecordText.trim(s)
            return v.isEmpty ? nil : v
        }
        if t.source == nil { t.source = get(fields.source) }
        if t.domain == nil { t.domain = get(fields.domain) }
        if t.id == nil { t.id = get(fields.id) }
        if t.model == nil { t.model = get(fields.model) }
        if t.finishReason == nil { t.finishReason = get(fields.finishReason) }
        if t.correct == nil, let k = fields.correct { t.correct = doc.bool(doc.member(root, k)) }
        if t.system == nil, let s = get(fields.system) { t.system = s }
        if t.gold == nil {
            for k in fields.gold {
                if let g = get(k), g != "None", g != "null" { t.gold = g; break }
            }
        }
        if t.completionTokens == nil || t.reasoningTokens == nil, let usage = doc.member(root, "usage") {
            readUsage(doc, usage, &t)
        }
    }

    func readUsage(_ doc: JSONDocument, _ usage: Int, _ t: inout TraceText) {
        if t.completionTokens == nil, let n = doc.count(doc.member(usage, "completion_tokens") ?? doc.member(usage, "output_tokens")) {
            t.completionTokens = n
        }
        if t.reasoningTokens == nil {
            let details = doc.member(usage, "completion_tokens_details") ?? doc.member(usage, "output_tokens_details")
            if let n = doc.count(details.flatMap { doc.member($0, "reasoning_tokens") } ?? doc.member(usage, "reasoning_tokens")) {
                t.reasoningTokens = n
            }
        }
    }

    func applyExplicit(_ e: ExplicitPaths, _ doc: JSONDocument, _ result: inout RecordTraces) {
        var missing: [String] = []
        func read(_ path: FieldPath?, _ name: String) -> String? {
            guard let path else { return nil }
            guard let node = path.resolve(in: doc) else { missing.append("\(name) path \(path) not found"); return "" }
            return RecordText.text(doc, node)
        }
        let prompt = read(e.prompt, "prompt")
        let reasoning = read(e.reasoning, "reasoning")
        var answer = read(e.answer, "answer")
        var split: ThinkSplitter.Split?
        if e.reasoning == nil, let a = answer {
            let s = ThinkSplitter.split(a)
            if s.found { split = s; answer = s.answer }
        }
        let wasUnknown = result.layout == .unknown
        if wasUnknown { result.problem = nil }
        for i in result.traces.indices {
            var t = result.traces[i]
            if let prompt { t.prompt = prompt; t.promptMissing = prompt.isEmpty }
            if let reasoning { t.reasoning = reasoning; t.hasReasoningSlot = true }
            if let answer { t.answer = answer }
            if let split {
                t.reasoning = split.reasoning
                t.hasReasoningSlot = true
                t.emptyThink = split.emptyThink
                t.unclosedThink = split.unclosedThink
            }
            if wasUnknown { addMetadata(doc, &t) }
            result.traces[i] = t
        }
        result.layout = .explicitPaths
        if !missing.isEmpty { result.problem = missing.joined(separator: "; ") }
    }
}

import Foundation
