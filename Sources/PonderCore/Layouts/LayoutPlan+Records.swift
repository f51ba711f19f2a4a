/// Per-record extraction for each strategy: lookups by the key names resolved in recognition.
extension LayoutPlan {
    /// Layouts 1, 2, 3: top-level text fields, the answer possibly holding think tags or markers.
    func fieldTraces(_ doc: JSONDocument) -> [TraceText]? {
        let root = doc.root
        let promptNode = fields.prompt.flatMap { doc.member(root, $0) }
        let reasoningNode = fields.reasoning.flatMap { doc.member(root, $0) }
        let answerNode = fields.answer.flatMap { doc.member(root, $0) }
        if promptNode == nil && reasoningNode == nil && answerNode == nil { return nil }
        var t = TraceText()
        t.prompt = promptText(doc, promptNode, &t)
        if let k = fields.input, let i = doc.member(root, k) {
            let input = RecordText.text(doc, i)
            if !input.isEmpty { t.prompt = t.prompt.isEmpty ? input : t.prompt + "\n\n" + input }
        }
        t.promptMissing = t.prompt.isEmpty
        if let r = reasoningNode {
            t.hasReasoningSlot = true
            // `thinking_trajectories: [text]` holds one trajectory; the first is the trace's.
            if doc.kind(r) == .array, let first = doc.elements(r).first {
                t.reasoning = RecordText.text(doc, first)
            } else {
                t.reasoning = RecordText.text(doc, r)
            }
        }
        let answer = RecordText.text(doc, answerNode)
        apply(answer, to: &t)
        t.hasReasoningSlot = t.hasReasoningSlot || reasoningSlot
        return [t]
    }

    /// Sets the answer from a model's output, splitting think tags or markers when there are any.
    func apply(_ output: String, to t: inout TraceText) {
        guard fields.answerTags else { t.answer = output; return }
        let split = ThinkSplitter.split(output)
        t.answer = split.answer
        if split.found {
            t.hasReasoningSlot = true
            if t.reasoning.isEmpty { t.reasoning = split.reasoning }
            t.emptyThink = t.emptyThink || split.emptyThink
            t.unclosedThink = t.unclosedThink || split.unclosedThink
        }
    }

    /// A prompt from a string or a message list (its last user turn; its system turn to `system`).
    func promptText(_ doc: JSONDocument, _ node: Int?, _ t: inout TraceText) -> String {
        guard let node else { return "" }
        if Conversation.isMessageList(doc, node) {
            let c = Conversation.read(doc, node)
            if let s = c.system { t.system = s }
            return c.prompt
        }
        if fields.promptTemplate, let s = doc.stringValue(node), let turns = ChatTemplate.turns(s) {
            if let sys = turns.first(where: { $0.role == "system" }) { t.system = sys.text }
            if let user = turns.last(where: { $0.role == "user" }) { return user.text }
        }
        return RecordText.text(doc, node)
    }

    /// A raw chat template in one text field.
    func templateTraces(_ doc: JSONDocument, _ key: String) -> [TraceText]? {
        guard let s = doc.stringValue(doc.member(doc.root, key)), let turns = ChatTemplate.turns(s) else { return nil }
        var t = TraceText()
        t.system = turns.first(where: { $0.role == "system" })?.text
        let last = turns.lastIndex(where: { $0.role == "assistant" })
        let user = turns[..<(last ?? turns.count)].lastIndex(where: { $0.role == "user" })
        if let user { t.prompt = turns[user].text }
        t.promptMissing = t.prompt.isEmpty
        if let last { apply(turns[last].text, to: &t) }
        t.hasReasoningSlot = t.hasReasoningSlot || reasoningSlot
        return [t]
    }

    /// Layouts 4, 5, 6: a message list.
    func messageTraces(_ doc: JSONDocument, _ key: String) -> [TraceText]? {
        guard let list = doc.member(doc.root, key), doc.kind(list) == .array else { return nil }
        let c = Conversation.read(doc, list)
        guard c.hasAssistant || !c.prompt.isEmpty else { return nil }
        return [trace(from: c)]
    }

    func trace(from c: Conversation) -> TraceText {
        var t = TraceText()
        t.prompt = c.prompt
        t.promptMissing = c.prompt.isEmpty
        t.reasoning = c.reasoning
        t.answer = c.answer
        t.system = c.system
        t.toolCalls = c.toolCalls
        t.hasReasoningSlot = c.hasReasoningSlot || reasoningSlot
        t.emptyThink = c.emptyThink
        t.unclosedThink = c.unclosedThink
        return t
    }

    /// Layout 9: `prompt` and `completion`, each a string or a message list (TRL).
    func promptCompletionTraces(_ doc: JSONDocument, _ promptKey: String, _ completionKey: String) -> [TraceText]? {
        let root = doc.root
        guard let c = doc.member(root, completionKey) else { return nil }
        var t = TraceText()
        if Conversation.isMessageList(doc, c) {
            let conv = Conversation.read(doc, c)
            t = trace(from: conv)
        } else {
            apply(RecordText.text(doc, c), to: &t)
        }
        var sys = t.system
        var holder = TraceText()
        t.prompt = promptText(doc, doc.member(root, promptKey), &holder)
        if let s = holder.system { sys = s }
        t.system = sys
        t.promptMissing = t.prompt.isEmpty
        t.hasReasoningSlot = t.hasReasoningSlot || reasoningSlot
        return [t]
    }

    /// Layout 7: a chat-completions response (or batch output line); one trace per choice.
    func responseTraces(_ doc: JSONDocument, _ path: [String]) -> [TraceText]? {
        let root = doc.root
        guard let body = RecordText.follow(doc, path), let choices = doc.member(body, "choices"),
              doc.kind(choices) == .array else { return nil }
        var prompt = ""
        var system: String?
        for p in [["request", "messages"], ["request", "body", "messages"], ["body", "messages"], ["messages"],
                  ["request", "prompt"], ["request", "body", "prompt"], ["prompt"]] where prompt.isEmpty {
            guard let n = RecordText.follow(doc, p) else { continue }
            var holder = TraceText()
            prompt = promptText(doc, n, &holder)
            system = holder.system
        }
        let model = doc.stringValue(doc.member(body, "model"))
        let id = RecordText.scalar(doc, doc.member(root, "custom_id") ?? doc.member(body, "id"))
        var out: [TraceText] = []
        for choice in doc.elements(choices) where doc.kind(choice) == .object {
            var t = TraceText()
            t.prompt = prompt
            t.system = system
            t.promptMissing = prompt.isEmpty
            t.model = model
            t.id = id
            let msg = doc.member(choice, "message") ?? doc.member(choice, "delta")
            let content = msg.flatMap { doc.member($0, "content") } ?? doc.member(choice, "text")
            if let msg {
                for f in Conversation.reasoningFields {
                    if let r = doc.member(msg, f), doc.kind(r) == .string || doc.kind(r) == .null {
                        t.hasReasoningSlot = true
                        t.reasoning = RecordText.text(doc, r)
                        break
                    }
                }
                if let calls = doc.member(msg, "tool_calls"), doc.kind(calls) == .array, doc.nodes[calls].count > 0 {
                    t.toolCalls = doc.source(calls)
                }
            }
            apply(content.map { Conversation.plainText(doc, $0) } ?? "", to: &t)
            t.finishReason = doc.stringValue(doc.member(choice, "finish_reason") ?? doc.member(choice, "stop_reason"))
            if let usage = doc.member(body, "usage") { readUsage(doc, usage, &t) }
            t.hasReasoningSlot = t.hasReasoningSlot || reasoningSlot
            out.append(t)
        }
        return out
    }

    /// Layout 8: a list of generations with parallel lists; one trace per generation.
    func generationTraces(_ doc: JSONDocument, _ g: Generations) -> [TraceText]? {
        let root = doc.root
        guard let list = doc.member(root, g.list), doc.kind(list) == .array else { return nil }
        var base = TraceText()
        base.prompt = promptText(doc, fields.prompt.flatMap { doc.member(root, $0) }, &base)
        base.promptMissing = base.prompt.isEmpty
        base.hasReasoningSlot = true
        func parallel(_ key: String?) -> [Int]? {
            guard let key, let n = doc.member(root, key), doc.kind(n) == .array else { return nil }
            return doc.elements(n)
        }
        let finish = parallel(g.finishReasons)
        let correct = g.correct.compactMap { parallel($0) }
        let pred = parallel(g.pred)
        var out: [TraceText] = []
        for (i, gen) in doc.elements(list).enumerated() {
            var t = base
            let text = RecordText.text(doc, gen)
            let split = ThinkSplitter.split(text)
            if split.found {
                t.reasoning = split.reasoning
                t.answer = split.answer
                t.emptyThink = split.emptyThink
                t.unclosedThink = split.unclosedThink
            } else {
                // Plain chain of thought: the text is the reasoning; the answer is the extracted one.
                t.reasoning = split.answer
                t.answer = pred.flatMap { i < $0.count ? RecordText.scalar(doc, $0[i]) : nil }.map(RecordText.trim)
                    ?? Boxed.last(in: text) ?? ""
            }
            if let finish, i < finish.count { t.finishReason = doc.stringValue(finish[i]) }
            for list in correct where i < list.count {
                if let b = doc.bool(list[i]) { t.correct = b; break }
            }
            if doc.kind(gen) == .object {
                // A generation object carries its own finish reason and verdict.
                if let f = doc.stringValue(doc.member(gen, "finish_reason") ?? doc.member(gen, "stop_reason")) { t.finishReason = f }
                if let b = doc.bool(doc.member(gen, "correct") ?? doc.member(gen, "is_correct")) { t.correct = b }
                if let n = doc.count(doc.member(gen, "num_tokens") ?? doc.member(gen, "completion_tokens")) { t.completionTokens = n }
            }
            out.append(t)
        }
        return out
    }
}

import Foundation
