import Foundation

/// One `ponder scan` output line: a trace's figures and verdicts as a JSON object (README "Scan output").
public enum ScanLine {
    /// Appends trace `i` as one JSON object (no newline) to `w`.
    public static func write(_ i: Int, _ c: TraceColumns, _ strings: StringTable, fileNames: [String], to w: inout JSONWriter) {
        var first = true
        func key(_ k: StaticString) {
            w.raw(first ? "{\"" : ",\"")
            first = false
            w.raw(k)
            w.raw("\":")
        }
        func str(_ k: StaticString, _ v: String?) {
            key(k)
            if let v { w.string(v) } else { w.null() }
        }
        func int<T: BinaryInteger>(_ k: StaticString, _ v: T) { key(k); w.int(Int(v)) }
        func bool(_ k: StaticString, _ v: Bool) { key(k); w.bool(v) }
        func num(_ k: StaticString, _ v: Float) {
            key(k)
            if v.isFinite { w.number(Double(v)) } else { w.null() }
        }
        let v = c.verdicts[i]
        str("file", fileNames[Int(c.file[i])])
        int("line", c.line[i])
        int("generation", c.generation[i])
        str("layout", c.layoutKind(i).rawValue)
        str("source", strings.string(c.source[i]))
        str("domain", strings.string(c.domain[i]))
        str("model", strings.string(c.model[i]))
        str("finish_reason", strings.string(c.finishReason[i]))
        int("prompt_chars", c.promptChars[i])
        int("reasoning_chars", c.reasoningChars[i])
        int("answer_chars", c.answerChars[i])
        int("prompt_tokens", c.promptTokens[i])
        int("reasoning_tokens", c.reasoningTokens[i])
        int("answer_tokens", c.answerTokens[i])
        key("dataset_tokens")
        if c.datasetTokens[i] >= 0 { w.int(Int(c.datasetTokens[i])) } else { w.null() }
        num("mix", c.mix[i])
        int("foreign_letters", c.foreignLetters[i])
        bool("mixed", v.contains(.mixed))
        str("prompt_lang", strings.string(c.promptLang[i]))
        key("reasoning_langs")
        if c.consistency[i].isNaN {
            w.null()  // not measured (--no-language)
        } else {
            w.raw("{")
            if let top = strings.string(c.reasoningLang[i]) {
                w.string(top)
                w.raw(":")
                w.number(Double(c.reasoningLangShare[i]))
                if let p = strings.string(c.promptLang[i]), p != top, c.consistency[i] > 0 {
                    w.raw(",")
                    w.string(p)
                    w.raw(":")
                    w.number(Double(c.consistency[i]))
                }
            }
            w.raw("}")
        }
        num("consistency", c.consistency[i])
        bool("inconsistent", v.contains(.inconsistent))
        bool("loop", v.contains(.loop))
        int("loop_period", c.loopPeriod[i])
        int("loop_copies", c.loopCopies[i])
        num("loop_coverage", c.loopCoverage[i])
        int("loop_start", c.loopStart[i])
        bool("repetition", v.contains(.repetition))
        num("dup_line_chars", c.dupLineChars[i])
        num("dup_ngram_chars", c.dupNgramChars[i])
        num("top_ngram_chars", c.topNgramChars[i])
        bool("empty_think", v.contains(.emptyThink))
        bool("no_reasoning", v.contains(.noReasoning))
        bool("truncated", v.contains(.truncated))
        let reason = TruncationReason(rawValue: c.truncation[i]) ?? .none
        str("truncated_reason", reason == .none ? nil : reason.name)
        bool("outlier", v.contains(.outlier))
        num("length_z", c.lengthZ[i])
        key("duplicate_group")
        if c.duplicateGroup[i] >= 0 { w.int(Int(c.duplicateGroup[i])) } else { w.null() }
        key("correct")
        if c.correct[i] < 0 { w.null() } else { w.bool(c.correct[i] == 1) }
        str("key", ContentKey(hi: c.contentKeyHi[i], lo: c.contentKeyLo[i]).hex)
        w.raw("}")
    }
}
