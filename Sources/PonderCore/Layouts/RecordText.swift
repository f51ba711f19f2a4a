/// Small readers of text out of a record, shared by the layouts.
enum RecordText {
    /// A string node's text, or a number's or boolean's source text; nil for null, containers, absence.
    static func scalar(_ doc: JSONDocument, _ i: Int?) -> String? {
        guard let i else { return nil }
        switch doc.kind(i) {
        case .string, .number, .true, .false: return doc.string(i)
        default: return nil
        }
    }

    /// Trimmed text of a node: a string; a list of strings joined by blank lines; a message list's
    /// last user turn; an object's `content`/`text`/`value`. Empty when there is none.
    static func text(_ doc: JSONDocument, _ i: Int?) -> String {
        guard let i else { return "" }
        switch doc.kind(i) {
        case .string: return trim(doc.string(i))
        case .number, .true, .false: return doc.string(i)
        case .array:
            let els = doc.elements(i)
            if let first = els.first, doc.kind(first) == .object, Conversation.role(doc, first) != nil {
                let conv = Conversation.read(doc, i)
                return conv.prompt.isEmpty ? conv.answer : conv.prompt
            }
            return els.map { text(doc, $0) }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        case .object:
            for k in ["content", "text", "value", "thinking", "reasoning"] {
                if let v = doc.member(i, k) { return text(doc, v) }
            }
            return ""
        case .null: return ""
        }
    }

    static func trim(_ s: String) -> String {
        guard let f = s.utf8.first, let l = s.utf8.last else { return s }
        if !ThinkSplitter.isSpace(f) && !ThinkSplitter.isSpace(l) && f < 0x80 && l < 0x80 { return s }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The object reached by following `path` (keys only) from the root, or nil.
    static func follow(_ doc: JSONDocument, _ path: [String], from start: Int? = nil) -> Int? {
        var cur = start ?? doc.root
        for k in path {
            guard let n = doc.member(cur, k) else { return nil }
            cur = n
        }
        return cur
    }

    /// The keys of an object node, comma-separated, for problem messages.
    static func keyList(_ doc: JSONDocument, _ i: Int) -> String {
        if doc.kind(i) != .object { return "(not an object: \(doc.kind(i)))" }
        let keys = doc.members(i).map { doc.string($0.key) }
        return keys.isEmpty ? "(none)" : keys.joined(separator: ", ")
    }
}

import Foundation
