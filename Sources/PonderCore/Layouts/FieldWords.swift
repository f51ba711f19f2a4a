/// What a field name says it holds, read from the words in it (GUIDE §2: `Complex_CoT`,
/// `message_thinking`, `answer_text`, keys with spaces). Used once per file, in recognition.
enum FieldRole: Int, Sendable, Comparable {
    case prompt, input, reasoning, answer, weakAnswer, gold, system, metadata
    static func < (a: FieldRole, b: FieldRole) -> Bool { a.rawValue < b.rawValue }
}

enum FieldWords {
    /// The lower-cased words of a key: split on anything not a letter or digit and on camelCase.
    static func words(_ key: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var prevLower = false
        for ch in key {
            if ch.isLetter || ch.isNumber {
                if ch.isUppercase && prevLower && !cur.isEmpty { out.append(cur); cur = "" }
                cur.append(contentsOf: ch.lowercased())
                prevLower = ch.isLowercase || ch.isNumber
            } else {
                if !cur.isEmpty { out.append(cur); cur = "" }
                prevLower = false
            }
        }
        if !cur.isEmpty { out.append(cur) }
        // Also the plain segments, so that `CoT` reads as `cot` and not as `co` + `t`.
        for seg in key.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where !out.contains(String(seg)) {
            out.append(String(seg))
        }
        return out
    }

    static let reasoningWords: Set<String> = [
        "reason", "reasoning", "reasonings", "think", "thinking", "thinks", "thought", "thoughts",
        "cot", "trajectory", "trajectories", "rationale", "scratchpad",
    ]
    static let promptWords: Set<String> = ["problem", "question", "prompt", "instruction", "query", "user"]
    static let strongAnswerWords: Set<String> = [
        "response", "responses", "output", "outputs", "attempt", "completion", "completions", "generation",
        "generated", "assistant", "reply",
    ]
    static let weakAnswerWords: Set<String> = ["answer", "solution"]
    /// Words that turn `answer`/`solution` into the model's own answer rather than a gold one.
    static let modelQualifiers: Set<String> = ["deepseek", "model", "text", "final", "predicted", "pred", "r1"]
    static let goldWords: Set<String> = ["gt", "gold", "reference", "ground", "truth", "groundtruth", "expected", "target", "ref"]
    /// Words of fields that are not text to read even when their name says prompt or answer.
    static let nonTextWords: Set<String> = [
        "id", "uuid", "idx", "index", "tokens", "token", "len", "length", "count", "type", "lang",
        "language", "score", "is", "num", "level", "difficulty", "source", "correct", "correctness",
        "complete", "verify", "reward", "time", "url", "hash",
    ]

    /// The role a key's name suggests, or nil when it says nothing we read.
    static func role(of key: String) -> FieldRole? {
        let w = words(key)
        if w.isEmpty { return nil }
        let set = Set(w)
        if !set.isDisjoint(with: nonTextWords) { return .metadata }
        if set.contains("system") { return .system }
        if !set.isDisjoint(with: goldWords) { return .gold }
        if !set.isDisjoint(with: reasoningWords) { return .reasoning }
        if set.contains("input") && set.count == 1 { return .input }
        if !set.isDisjoint(with: promptWords) { return .prompt }
        if !set.isDisjoint(with: strongAnswerWords) { return .answer }
        if !set.isDisjoint(with: weakAnswerWords) {
            return set.isDisjoint(with: modelQualifiers) ? .weakAnswer : .answer
        }
        return nil
    }

    /// Rank of a prompt key: problem before question before prompt before instruction before query.
    static func promptRank(_ key: String) -> Int {
        let w = words(key)
        for (i, word) in ["problem", "question", "prompt", "instruction", "query", "user"].enumerated() where w.contains(word) {
            return i
        }
        return 9
    }

    /// Rank of a gold key: a reference answer before a bare `gt` before `answer` before a solution.
    static func goldRank(_ key: String) -> Int {
        let set = Set(words(key))
        let gold = !set.isDisjoint(with: goldWords)
        if gold && set.contains("answer") { return 0 }
        if gold && set.count <= 2 && set.isDisjoint(with: ["cot", "solution"]) { return 1 }
        if set == ["answer"] { return 2 }
        if gold && set.contains("solution") { return 3 }
        if set == ["solution"] { return 4 }
        return 5
    }
}

import Foundation
