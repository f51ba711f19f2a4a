/// Runs every per-trace detector on one trace and decides its verdicts (GUIDE §3).
///
/// The chain of thought that the text detectors read is the reasoning, or, for a trace whose layout
/// has no separate reasoning (plain chain of thought in the answer), the answer.
public enum TraceMeasure {
    public static func thought(of t: TraceText) -> String {
        t.reasoning.isEmpty ? t.answer : t.reasoning
    }

    /// `scratch`: the calling thread's working memory for the repetition detector (one per thread).
    /// `languages: false` skips language identification (consistency NaN, languages unknown).
    public static func measure(_ t: TraceText, thresholds: Thresholds, strings: inout StringTable,
                               scratch: Repetition.Scratch? = nil, languages: Bool = true) -> TraceFigures {
        var f = TraceFigures()
        f.source = strings.intern(t.source)
        f.domain = strings.intern(t.domain)
        f.model = strings.intern(t.model)
        f.finishReason = strings.intern(t.finishReason)
        let reasoningChars = Lengths.scalars(t.reasoning)
        let answerChars = Lengths.scalars(t.answer)
        f.promptChars = Int32(clamping: Lengths.scalars(t.prompt))
        f.reasoningChars = Int32(clamping: reasoningChars)
        f.answerChars = Int32(clamping: answerChars)
        f.promptTokens = Int32(clamping: TokenEstimate.count(t.prompt))
        f.reasoningTokens = Int32(clamping: TokenEstimate.count(t.reasoning))
        f.answerTokens = Int32(clamping: TokenEstimate.count(t.answer))
        f.datasetTokens = Int32(clamping: t.reasoningTokens ?? t.completionTokens ?? -1)
        f.correct = t.correct.map { $0 ? 1 : 0 } ?? -1

        let thought = thought(of: t)
        var v: Verdicts = []

        let mix = ScriptMix.measure(prompt: t.prompt, reasoning: thought)
        f.mix = Float(mix.mix)
        f.foreignLetters = Int32(clamping: mix.foreignLetters)
        if mix.foreignLetters >= thresholds.minForeignLetters { v.insert(.mixed) }

        if !languages {
            f.consistency = .nan
            f.reasoningLangShare = .nan
        } else if !thought.isEmpty {
            let lang = LanguageConsistency.measure(prompt: t.prompt, reasoning: thought)
            f.consistency = Float(lang.consistency)
            f.promptLang = strings.intern(lang.promptLang)
            f.reasoningLang = strings.intern(lang.topLang)
            f.reasoningLangShare = Float(lang.topShare)
            if lang.isInconsistent(min: thresholds.minConsistency) { v.insert(.inconsistent) }
        } else {
            f.promptLang = strings.intern(LanguageConsistency.promptLanguage(t.prompt))
        }

        if let loop = TailLoop.measure(thought) {
            f.loopPeriod = Int32(clamping: loop.periodChars)
            f.loopCopies = Int32(clamping: loop.copies)
            f.loopStart = Int32(clamping: loop.startChar)
            f.loopCoverage = Float(loop.coverage)
            if TailLoop.isLoop(loop, thresholds: thresholds.loop) { v.insert(.loop) }
        }

        let rep = Repetition.measure(thought, characters: t.reasoning.isEmpty ? answerChars : reasoningChars,
                                     scratch: scratch)
        f.dupLineChars = Float(rep.dupLineCharFrac)
        f.dupNgramChars = Float(rep.dupNgramCharFrac.max() ?? 0)
        f.topNgramChars = Float(rep.topNgramCharFrac.max() ?? 0)
        if Repetition.isRepetitive(rep, thresholds: thresholds.repetition) { v.insert(.repetition) }

        if t.emptyThink || (t.hasReasoningSlot && t.reasoning.isEmpty) { v.insert(.emptyThink) }
        if !t.hasReasoningSlot && t.reasoning.isEmpty { v.insert(.noReasoning) }

        f.endsMidWord = endsMidWord(thought)
        if t.finishReason?.lowercased() == "length" || t.finishReason?.lowercased() == "max_tokens" {
            f.truncation = .finishLength
        } else if t.unclosedThink {
            f.truncation = .unclosedThink
        } else if !t.reasoning.isEmpty && t.answer.isEmpty && (t.toolCalls ?? "").isEmpty {
            f.truncation = .noAnswer
        }
        if f.truncation != .none { v.insert(.truncated) }
        f.verdicts = v

        let key = ContentKey.of(prompt: t.prompt, reasoning: t.reasoning, answer: t.answer)
        f.contentKeyHi = key.hi
        f.contentKeyLo = key.lo
        f.promptHash = PromptKey.hash(t.prompt)
        return f
    }

    /// The text stops mid-word or mid-formula: its last character is a letter or digit, or an
    /// operator or opening bracket, rather than closing punctuation.
    static func endsMidWord(_ s: String) -> Bool {
        guard let last = s.unicodeScalars.last else { return false }
        if last.properties.isAlphabetic || ("0"..."9").contains(last) { return true }
        return "\\{([^_+-=*/,".unicodeScalars.contains(last)
    }
}
