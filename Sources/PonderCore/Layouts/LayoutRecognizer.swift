/// Decides a file's layout from a sample of records (GUIDE §2): field names read by their words,
/// field contents by their tags, markers and lengths. Runs once per file.
struct LayoutRecognizer {
    /// What the sample shows about one top-level key.
    struct KeyStat {
        var name: String
        var order: Int
        var records = 0
        var strings = 0
        var stringChars = 0
        var stringArrays = 0
        /// Arrays of objects each with a `text` or `content` string (vLLM `outputs: [{text, finish_reason}]`).
        var textObjectArrays = 0
        var arrayElementChars = 0
        var arrayElements = 0
        var arrays = 0
        var messageLists = 0
        var tags = 0
        var markers = 0
        var templates = 0
        /// Records where another array of the same length sits beside this array.
        var parallel = 0
        var role: FieldRole?

        var texty: Bool { strings + stringArrays > 0 && strings + stringArrays * 2 >= records }
        var averageChars: Double {
            let n = strings + arrayElements
            return n == 0 ? 0 : Double(stringChars + arrayElementChars) / Double(n)
        }
    }

    let sample: [JSONDocument]
    var stats: [String: KeyStat] = [:]

    init(sample: [JSONDocument]) {
        self.sample = sample.filter { $0.nodes.count > 0 && $0.kind($0.root) == .object }
        for doc in self.sample { collect(doc) }
    }

    mutating func collect(_ doc: JSONDocument) {
        var lengths: [String: Int] = [:]
        for (k, v) in doc.members(doc.root) {
            let name = doc.string(k)
            var s = stats[name] ?? KeyStat(name: name, order: stats.count, role: FieldWords.role(of: name))
            s.records += 1
            switch doc.kind(v) {
            case .string:
                let text = doc.string(v)
                s.strings += 1
                s.stringChars += text.count
                if ThinkSplitter.hasTags(text) { s.tags += 1 }
                if ThinkSplitter.hasThoughtMarkers(text) { s.markers += 1 }
                if ChatTemplate.isTemplate(text) { s.templates += 1 }
            case .array:
                s.arrays += 1
                let els = doc.elements(v)
                lengths[name] = els.count
                if Conversation.isMessageList(doc, v) { s.messageLists += 1 }
                if !els.isEmpty && els.allSatisfy({ doc.kind($0) == .string }) {
                    s.stringArrays += 1
                    for e in els {
                        let text = doc.string(e)
                        s.arrayElements += 1
                        s.arrayElementChars += text.count
                    }
                    let first = doc.string(els[0])
                    if ThinkSplitter.hasTags(first) { s.tags += 1 }
                    if ThinkSplitter.hasThoughtMarkers(first) { s.markers += 1 }
                } else if !els.isEmpty && els.allSatisfy({ doc.kind($0) == .object && Self.generationText(doc, $0) != nil }) {
                    s.textObjectArrays += 1
                    for e in els {
                        s.arrayElements += 1
                        s.arrayElementChars += Self.generationText(doc, e)?.count ?? 0
                    }
                    if let first = Self.generationText(doc, els[0]) {
                        if ThinkSplitter.hasTags(first) { s.tags += 1 }
                        if ThinkSplitter.hasThoughtMarkers(first) { s.markers += 1 }
                    }
                }
            default: break
            }
            stats[name] = s
        }
        for (name, n) in lengths where lengths.contains(where: { $0.key != name && $0.value == n }) {
            stats[name]?.parallel += 1
        }
    }

    /// The text of a generation object: its `text` or `content` string.
    static func generationText(_ doc: JSONDocument, _ obj: Int) -> String? {
        doc.stringValue(doc.member(obj, "text") ?? doc.member(obj, "content"))
    }

    var ordered: [KeyStat] { stats.values.sorted { $0.order < $1.order } }
    var majority: Int { max(1, (sample.count + 1) / 2) }

    func plan() -> LayoutPlan {
        guard !sample.isEmpty else {
            return LayoutPlan(kind: .unknown, summary: "unknown: no JSON objects in the sample", strategy: .none,
                              fields: .init(), reasoningSlot: false)
        }
        var fields = metadataFields()
        if let p = apiResponse(&fields) { return p }
        if let p = promptCompletion(&fields) { return p }
        // Before messages: OpenR1 files carry `messages` beside their list of generations.
        if let p = generations(&fields) { return p }
        if let p = messages(&fields) { return p }
        if let p = textFields(&fields) { return p }
        return LayoutPlan(kind: .unknown, summary: "unknown: no prompt/reasoning/answer found; keys: "
                          + ordered.map(\.name).joined(separator: ", "),
                          strategy: .none, fields: fields, reasoningSlot: false)
    }

    /// Metadata keys and gold answers, by name.
    func metadataFields() -> LayoutPlan.Fields {
        var f = LayoutPlan.Fields()
        func find(_ names: [String]) -> String? {
            for n in names {
                if let s = ordered.first(where: { Self.normalized($0.name) == n && $0.arrays == 0 }) { return s.name }
            }
            return nil
        }
        f.source = find(["source", "data_source", "dataset", "source_dataset", "origin"])
        f.domain = find(["domain", "category", "subject", "topic"])
        f.id = find(["id", "uuid", "custom_id", "problem_id", "question_id", "sample_id", "_id", "idx"])
        f.model = find(["model", "model_name", "generator", "generation_model", "llm"])
        f.finishReason = find(["finish_reason", "stop_reason"])
        f.correct = find(["correct", "is_correct", "correctness", "correctness_math_verify", "verified"])
        f.system = ordered.first(where: { $0.role == .system && $0.strings > 0 })?.name
        f.gold = goldKeys(excluding: nil, includeWeak: true)
        return f
    }

    /// A key lower-cased with spaces and dashes as underscores: `Model Name` reads as `model_name`.
    static func normalized(_ key: String) -> String {
        String(key.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    func goldKeys(excluding answer: String?, includeWeak: Bool) -> [String] {
        ordered.filter { s in
            s.name != answer && (s.role == .gold || (includeWeak && s.role == .weakAnswer))
                && s.arrays == 0 && s.strings + s.records > 0
        }
        .sorted { (FieldWords.goldRank($0.name), $0.order) < (FieldWords.goldRank($1.name), $1.order) }
        .map(\.name)
    }

    func apiResponse(_ fields: inout LayoutPlan.Fields) -> LayoutPlan? {
        for path in [[], ["response", "body"], ["response"], ["body"]] as [[String]] {
            let hits = sample.filter { doc in
                guard let b = RecordText.follow(doc, path), let c = doc.member(b, "choices") else { return false }
                return doc.kind(c) == .array
            }
            guard hits.count >= majority else { continue }
            var slot = false
            for doc in hits {
                guard let b = RecordText.follow(doc, path), let c = doc.member(b, "choices") else { continue }
                for ch in doc.elements(c) {
                    guard let m = doc.member(ch, "message") ?? doc.member(ch, "delta") else { continue }
                    if Conversation.reasoningFields.contains(where: { doc.member(m, $0) != nil }) { slot = true }
                    if let t = doc.stringValue(doc.member(m, "content")), ThinkSplitter.hasTags(t) { slot = true }
                }
            }
            let where_ = path.isEmpty ? "" : path.joined(separator: ".") + "."
            return LayoutPlan(kind: .apiResponse,
                              summary: "api-response: \(where_)choices[].message.content/reasoning_content",
                              strategy: .apiResponse(path: path), fields: fields, reasoningSlot: slot)
        }
        return nil
    }

    func promptCompletion(_ fields: inout LayoutPlan.Fields) -> LayoutPlan? {
        guard let p = ordered.first(where: { $0.name.lowercased() == "prompt" && $0.records >= majority }),
              let c = ordered.first(where: { $0.name.lowercased() == "completion" && $0.records >= majority })
        else { return nil }
        fields.gold = goldKeys(excluding: nil, includeWeak: true)
        let lists = c.messageLists > 0 || p.messageLists > 0
        return LayoutPlan(kind: .promptCompletion,
                          summary: "prompt-completion: \(p.name)/\(c.name)" + (lists ? " (message lists)" : ""),
                          strategy: .promptCompletion(prompt: p.name, completion: c.name), fields: fields,
                          reasoningSlot: c.tags > 0)
    }

    func messages(_ fields: inout LayoutPlan.Fields) -> LayoutPlan? {
        guard let best = ordered.filter({ $0.messageLists >= majority })
            .max(by: { ($0.messageLists, -$0.order) < ($1.messageLists, -$1.order) }) else { return nil }
        var shareGPT = false, typed = false, slot = false
        for doc in sample {
            guard let list = doc.member(doc.root, best.name), Conversation.isMessageList(doc, list) else { continue }
            if let first = doc.elements(list).first, doc.member(first, "from") != nil { shareGPT = true }
            let c = Conversation.read(doc, list)
            typed = typed || c.sawTypedParts
            slot = slot || c.hasReasoningSlot
        }
        let kind: LayoutKind = typed ? .contentBlocks : shareGPT ? .shareGPT : .chatMessages
        let summary: String
        switch kind {
        case .shareGPT: summary = "sharegpt: \(best.name)[].from/value"
        case .contentBlocks: summary = "content-blocks: \(best.name)[].content[].type"
        default: summary = "chat-messages: \(best.name)[].role/content"
        }
        return LayoutPlan(kind: kind, summary: summary + (slot ? "" : " (no reasoning found)"),
                          strategy: .messages(key: best.name), fields: fields, reasoningSlot: slot)
    }

    static let generationNames: Set<String> = ["generations", "responses", "samples", "outputs", "completions"]

    func generations(_ fields: inout LayoutPlan.Fields) -> LayoutPlan? {
        let candidates = ordered.filter { s in
            guard s.stringArrays + s.textObjectArrays >= majority, s.role != .prompt, s.role != .reasoning else { return false }
            let named = Self.generationNames.contains(s.name.lowercased())
            // A message list beside another list of the same length is still a conversation.
            return named || (s.parallel >= majority && s.averageChars >= 80 && s.messageLists == 0)
        }
        guard let gen = candidates.max(by: { a, b in
            let an = Self.generationNames.contains(a.name.lowercased()), bn = Self.generationNames.contains(b.name.lowercased())
            return (an ? 1 : 0, a.averageChars, -a.order) < (bn ? 1 : 0, b.averageChars, -b.order)
        }) else { return nil }
        let lists = ordered.filter { $0.arrays > 0 && $0.name != gen.name }
        var g = LayoutPlan.Generations(list: gen.name)
        g.finishReasons = lists.first(where: { Set(FieldWords.words($0.name)).contains("finish") || $0.name.lowercased() == "stop_reasons" })?.name
        func correctRank(_ name: String) -> Int? {
            let l = name.lowercased()
            if l == "correctness_math_verify" { return 0 }
            if l.hasPrefix("correctness") || l.hasPrefix("correct") || l == "is_correct" { return 1 }
            if l == "score" || l == "scores" || l == "rewards" || l == "reward" { return 2 }
            if l == "is_reasoning_complete" { return 3 }
            return nil
        }
        g.correct = lists.compactMap { s in correctRank(s.name).map { ($0, s.order, s.name) } }
            .sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        g.pred = lists.first(where: { ["pred", "preds", "predictions", "extracted_answers", "extracted_answer"].contains($0.name.lowercased()) })?.name
        fields.prompt = promptKey()
        fields.promptTemplate = fields.prompt.flatMap { stats[$0] }.map { $0.templates > 0 } ?? false
        fields.gold = goldKeys(excluding: nil, includeWeak: true)
        var parts = [gen.name + "[]"]
        if let f = g.finishReasons { parts.append(f) }
        parts.append(contentsOf: g.correct)
        if let p = g.pred { parts.append(p) }
        let how = gen.markers > 0 ? " (thought markers)" : gen.tags > 0 ? " (think tags)" : " (plain text)"
        return LayoutPlan(kind: .generations,
                          summary: "generations: \(fields.prompt ?? "no prompt") → " + parts.joined(separator: " + ") + how,
                          strategy: .generations(g), fields: fields, reasoningSlot: true)
    }

    func promptKey() -> String? {
        ordered.filter { $0.role == .prompt && $0.texty }
            .min(by: { (FieldWords.promptRank($0.name), -$0.records, $0.order) < (FieldWords.promptRank($1.name), -$1.records, $1.order) })?
            .name
    }

    func textFields(_ fields: inout LayoutPlan.Fields) -> LayoutPlan? {
        var prompt = promptKey()
        let inputKey = ordered.first(where: { $0.role == .input && $0.strings > 0 })?.name
        if prompt == nil { prompt = inputKey }
        let input = prompt != inputKey ? inputKey : nil
        let reasoning = ordered.filter { $0.role == .reasoning && $0.texty }
            .max(by: { ($0.averageChars, -$0.order) < ($1.averageChars, -$1.order) })?.name
        let used: Set<String?> = [prompt, reasoning, input]
        let tagged = ordered.filter { $0.tags > 0 && $0.strings > 0 && !used.contains($0.name) && $0.role != .gold && $0.role != .system }
            .max(by: { ($0.tags, -$0.order) < ($1.tags, -$1.order) })
        var answer: String?
        if let tagged {
            answer = tagged.name
        } else if let strong = ordered.filter({ $0.role == .answer && $0.texty && !used.contains($0.name) })
            .max(by: { ($0.averageChars, -$0.order) < ($1.averageChars, -$1.order) }) {
            answer = strong.name
        } else if let weak = ordered.filter({ $0.role == .weakAnswer && $0.texty })
            .max(by: { ($0.averageChars, -$0.order) < ($1.averageChars, -$1.order) }) {
            answer = weak.name
        }
        if prompt == nil || (answer == nil && reasoning == nil) {
            if let t = ordered.filter({ $0.templates > 0 }).max(by: { $0.templates < $1.templates }) {
                return LayoutPlan(kind: .thinkTags, summary: "think-tags: chat template in \(t.name)",
                                  strategy: .template(key: t.name), fields: fields, reasoningSlot: t.tags > 0)
            }
        }
        guard prompt != nil || answer != nil || reasoning != nil, answer != nil || reasoning != nil else { return nil }
        fields.prompt = prompt
        fields.promptTemplate = prompt.flatMap { stats[$0] }.map { $0.templates > 0 } ?? false
        fields.input = input
        fields.reasoning = reasoning
        fields.answer = answer
        fields.gold = goldKeys(excluding: answer, includeWeak: true)
        let answerStat = answer.flatMap { stats[$0] }
        let kind: LayoutKind
        if reasoning != nil { kind = .splitFields }
        else if (answerStat?.markers ?? 0) > 0 { kind = .thoughtMarkers }
        else if (answerStat?.tags ?? 0) > 0 { kind = .thinkTags }
        else { kind = .splitFields }
        var parts = [prompt ?? "(no prompt)"]
        if let input { parts[0] += "+" + input }
        parts.append(reasoning ?? "-")
        parts.append(answer ?? "-")
        let slot = reasoning != nil || (answerStat?.tags ?? 0) > 0
        return LayoutPlan(kind: kind, summary: "\(kind.rawValue): " + parts.joined(separator: " / ")
                          + (slot ? "" : " (no reasoning found)"),
                          strategy: .fields, fields: fields, reasoningSlot: slot)
    }
}

import Foundation
