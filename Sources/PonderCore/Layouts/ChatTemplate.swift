import CGuard
import Foundation

/// One turn of a conversation found in raw text.
public struct TemplateTurn: Sendable, Equatable {
    public var role: String
    public var text: String
}

/// Splits a raw chat template written into one text into its turns: DeepSeek's
/// `<｜User｜>…<｜Assistant｜>…` and ChatML's `<|im_start|>user … <|im_end|>`.
public enum ChatTemplate {
    /// Whether the text looks like a raw chat template.
    public static func isTemplate(_ text: String) -> Bool {
        has(text, "<｜User｜>") || has(text, "<|im_start|>")
    }

    /// Whether `text` holds the bytes of `marker` (glibc's `memmem`: layout recognition asks this of
    /// every sampled text, where Foundation's `contains` converted each to UTF-16 first).
    static func has(_ text: String, _ marker: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { t in
            guard let tb = t.baseAddress else { return false }
            return ponder_memmem(tb, t.count, marker.utf8Start, marker.utf8CodeUnitCount) != nil
        }
    }

    /// The turns in order (roles lower-cased: system, user, assistant, ...); nil when the text holds
    /// no template markers. Begin/end-of-sentence markers are dropped; texts are trimmed.
    public static func turns(_ text: String) -> [TemplateTurn]? {
        if has(text, "<|im_start|>") { return chatML(text) }
        if has(text, "<｜User｜>") || has(text, "<｜Assistant｜>") { return deepSeek(text) }
        return nil
    }

    static func chatML(_ text: String) -> [TemplateTurn] {
        var out: [TemplateTurn] = []
        for chunk in text.components(separatedBy: "<|im_start|>").dropFirst() {
            var body = chunk
            if let end = body.range(of: "<|im_end|>") { body = String(body[..<end.lowerBound]) }
            let role: String
            if let nl = body.firstIndex(where: { $0 == "\n" || $0 == " " }) {
                role = String(body[..<nl])
                body = String(body[body.index(after: nl)...])
            } else {
                role = body
                body = ""
            }
            out.append(TemplateTurn(role: role.lowercased(), text: body.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        return out
    }

    static func deepSeek(_ text: String) -> [TemplateTurn] {
        var cleaned = text.replacingOccurrences(of: "<｜begin▁of▁sentence｜>", with: "")
        cleaned = cleaned.replacingOccurrences(of: "<｜end▁of▁sentence｜>", with: "")
        let markers: [(String, String)] = [("<｜User｜>", "user"), ("<｜Assistant｜>", "assistant")]
        var out: [TemplateTurn] = []
        var role = "system"
        var rest = Substring(cleaned)
        while true {
            var next: (Range<Substring.Index>, String)? = nil
            for (m, r) in markers {
                if let found = rest.range(of: m), next == nil || found.lowerBound < next!.0.lowerBound { next = (found, r) }
            }
            let body = next.map { rest[..<$0.0.lowerBound] } ?? rest
            let t = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty || (next == nil && role == "assistant") { out.append(TemplateTurn(role: role, text: t)) }
            guard let (range, r) = next else { break }
            role = r
            rest = rest[range.upperBound...]
        }
        return out
    }
}

import Foundation
