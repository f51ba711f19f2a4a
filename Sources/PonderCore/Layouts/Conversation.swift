/// A conversation read from a message list (`messages: [{role, content}]`, ShareGPT's
/// `conversations: [{from, value}]`), with content as a string or a list of typed parts
/// (`thinking`/`reasoning`/`text`/`tool_call`, Anthropic `tool_use`). GUIDE §2 layouts 4, 5, 6.
struct Conversation {
    enum Role { case system, user, assistant, tool, other }

    var system: String?
    /// The last user turn before the final assistant turn.
    var prompt = ""
    /// Reasoning of the assistant turns after that user turn, joined by blank lines.
    var reasoning = ""
    /// The final assistant turn's text, less tags.
    var answer = ""
    var toolCalls: String?
    var hasAssistant = false
    var hasReasoningSlot = false
    var emptyThink = false
    var unclosedThink = false
    /// Typed thinking/reasoning parts were seen (content blocks, layout 6).
    var sawTypedParts = false

    static let userRoles: Set<String> = ["user", "human", "prompter"]
    static let assistantRoles: Set<String> = ["assistant", "gpt", "model", "bot", "chatgpt", "ai", "claude"]
    static let toolRoles: Set<String> = ["tool", "function", "ipython", "observation", "tool_result"]
    static let reasoningFields = ["reasoning_content", "reasoning", "thinking", "reasoning_text", "thought", "thoughts"]

    /// The role of a message object, or nil when it has no `role`/`from` string.
    static func role(_ doc: JSONDocument, _ msg: Int) -> Role? {
        guard let r = doc.stringValue(doc.member(msg, "role") ?? doc.member(msg, "from")) else { return nil }
        let l = r.lowercased()
        if l == "system" || l == "developer" { return .system }
        if userRoles.contains(l) { return .user }
        if assistantRoles.contains(l) { return .assistant }
        if toolRoles.contains(l) { return .tool }
        return .other
    }

    static func content(_ doc: JSONDocument, _ msg: Int) -> Int? {
        doc.member(msg, "content") ?? doc.member(msg, "value") ?? doc.member(msg, "text")
    }

    /// Reads the message list at `list`.
    static func read(_ doc: JSONDocument, _ list: Int) -> Conversation {
        var c = Conversation()
        let msgs = doc.elements(list)
        let roles = msgs.map { doc.kind($0) == .object ? role(doc, $0) : nil }
        if let s = roles.firstIndex(where: { $0 == .system }) {
            let t = plainText(doc, content(doc, msgs[s]))
            if !t.isEmpty { c.system = t }
        }
        guard let last = roles.lastIndex(where: { $0 == .assistant }) else {
            if let u = roles.lastIndex(where: { $0 == .user }) { c.prompt = plainText(doc, content(doc, msgs[u])) }
            return c
        }
        c.hasAssistant = true
        let userAt = roles[..<last].lastIndex(where: { $0 == .user })
        if let u = userAt { c.prompt = plainText(doc, content(doc, msgs[u])) }
        var reasoning: [String] = []
        var tools: [String] = []
        for k in ((userAt ?? -1) + 1)...last where roles[k] == .assistant {
            let msg = msgs[k]
            let reasoningBefore = reasoning.count
            var hadField = false
            for f in reasoningFields {
                if let r = doc.member(msg, f), doc.kind(r) == .string || doc.kind(r) == .null {
                    c.hasReasoningSlot = true
                    hadField = true
                    let t = RecordText.text(doc, r)
                    if !t.isEmpty { reasoning.append(t) }
                    break
                }
            }
            if let calls = doc.member(msg, "tool_calls"), doc.kind(calls) == .array, doc.nodes[calls].count > 0 {
                tools.append(doc.source(calls))
            }
            var texts: [String] = []
            if let body = content(doc, msg) {
                if doc.kind(body) == .array {
                    for part in doc.elements(body) {
                        guard doc.kind(part) == .object else {
                            if doc.kind(part) == .string { texts.append(RecordText.text(doc, part)) }
                            continue
                        }
                        let type = doc.stringValue(doc.member(part, "type"))?.lowercased() ?? "text"
                        switch type {
                        case "thinking", "reasoning", "redacted_thinking", "thought":
                            c.hasReasoningSlot = true
                            c.sawTypedParts = true
                            let t = RecordText.text(doc, doc.member(part, "thinking") ?? doc.member(part, "reasoning")
                                                    ?? doc.member(part, "text") ?? doc.member(part, "value"))
                            if !t.isEmpty { reasoning.append(t) }
                        case "text", "output_text", "output":
                            texts.append(RecordText.text(doc, doc.member(part, "text") ?? doc.member(part, "value")
                                                         ?? doc.member(part, "content")))
                        case "tool_call", "tool_use", "function_call", "tool_calls":
                            let v = doc.member(part, "value") ?? doc.member(part, "input") ?? doc.member(part, "arguments")
                            if let v, doc.kind(v) == .string { tools.append(RecordText.text(doc, v)) } else { tools.append(doc.source(part)) }
                        default: break
                        }
                    }
                } else if doc.kind(body) == .string {
                    texts.append(doc.string(body))
                }
            }
            let joined = texts.filter { !$0.isEmpty }.joined(separator: "\n\n")
            // A turn whose reasoning is in a field or typed part: a stray `</think>` in its text is noise.
            let split = ThinkSplitter.split(joined, closeOnly: reasoning.count == reasoningBefore && !hadField)
            if split.found {
                c.hasReasoningSlot = true
                if split.emptyThink { c.emptyThink = true }
                if split.unclosedThink { c.unclosedThink = true }
                if !split.reasoning.isEmpty { reasoning.append(split.reasoning) }
            }
            if k == last { c.answer = split.answer }
        }
        c.reasoning = reasoning.joined(separator: "\n\n")
        if !tools.isEmpty { c.toolCalls = tools.joined(separator: "\n") }
        return c
    }

    /// A user or system turn's text: a string, or its text parts joined.
    static func plainText(_ doc: JSONDocument, _ i: Int?) -> String {
        guard let i else { return "" }
        if doc.kind(i) == .array {
            return doc.elements(i).map { p -> String in
                if doc.kind(p) == .object {
                    let type = doc.stringValue(doc.member(p, "type"))?.lowercased() ?? "text"
                    guard type == "text" || type == "input_text" else { return "" }
                    return RecordText.text(doc, doc.member(p, "text") ?? doc.member(p, "value") ?? doc.member(p, "content"))
                }
                return RecordText.text(doc, p)
            }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        }
        return RecordText.text(doc, i)
    }

    /// Whether the node is a list of message objects (its first object has a role).
    static func isMessageList(_ doc: JSONDocument, _ i: Int) -> Bool {
        guard doc.kind(i) == .array, let first = doc.elements(i).first, doc.kind(first) == .object else { return false }
        return role(doc, first) != nil && content(doc, first) != nil
    }
}

import Foundation
