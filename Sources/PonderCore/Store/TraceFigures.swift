/// One trace's figures, as the per-trace detectors produce them; appended to `TraceColumns`.
public struct TraceFigures: Sendable {
    public var file: UInt16 = 0
    public var record: Int32 = 0
    public var line: Int32 = 0
    public var generation: UInt16 = 0
    public var layout: LayoutKind = .unknown
    public var source: Int32 = -1
    public var domain: Int32 = -1
    public var model: Int32 = -1
    public var finishReason: Int32 = -1
    public var promptChars: Int32 = 0
    public var reasoningChars: Int32 = 0
    public var answerChars: Int32 = 0
    public var promptTokens: Int32 = 0
    public var reasoningTokens: Int32 = 0
    public var answerTokens: Int32 = 0
    public var datasetTokens: Int32 = -1
    public var mix: Float = 0
    public var foreignLetters: Int32 = 0
    public var consistency: Float = 1
    public var promptLang: Int32 = -1
    public var reasoningLang: Int32 = -1
    public var reasoningLangShare: Float = 1
    public var loopPeriod: Int32 = 0
    public var loopCopies: Int32 = 0
    public var loopStart: Int32 = -1
    public var loopCoverage: Float = 0
    public var dupLineChars: Float = 0
    public var dupNgramChars: Float = 0
    public var topNgramChars: Float = 0
    public var truncation: TruncationReason = .none
    public var endsMidWord = false
    public var correct: Int8 = -1
    public var verdicts: Verdicts = []
    public var contentKeyHi: UInt64 = 0
    public var contentKeyLo: UInt64 = 0
    public var promptHash: UInt64 = 0

    public init() {}
}

extension TraceColumns {
    /// Appends one trace. Dataset-wide figures (length z, duplicate group) start neutral and are
    /// filled in when loading ends.
    public mutating func append(_ f: TraceFigures) {
        file.append(f.file); record.append(f.record); line.append(f.line); generation.append(f.generation)
        layout.append(UInt8(LayoutKind.allCases.firstIndex(of: f.layout) ?? 0))
        source.append(f.source); domain.append(f.domain); model.append(f.model); finishReason.append(f.finishReason)
        promptChars.append(f.promptChars); reasoningChars.append(f.reasoningChars); answerChars.append(f.answerChars)
        promptTokens.append(f.promptTokens); reasoningTokens.append(f.reasoningTokens); answerTokens.append(f.answerTokens)
        datasetTokens.append(f.datasetTokens)
        mix.append(f.mix); foreignLetters.append(f.foreignLetters)
        consistency.append(f.consistency); promptLang.append(f.promptLang)
        reasoningLang.append(f.reasoningLang); reasoningLangShare.append(f.reasoningLangShare)
        loopPeriod.append(f.loopPeriod); loopCopies.append(f.loopCopies); loopStart.append(f.loopStart); loopCoverage.append(f.loopCoverage)
        dupLineChars.append(f.dupLineChars); dupNgramChars.append(f.dupNgramChars); topNgramChars.append(f.topNgramChars)
        truncation.append(f.truncation.rawValue)
        lengthZ.append(0); duplicateGroup.append(-1)
        correct.append(f.correct); endsMidWord.append(f.endsMidWord); verdicts.append(f.verdicts)
        contentKeyHi.append(f.contentKeyHi); contentKeyLo.append(f.contentKeyLo); promptHash.append(f.promptHash)
    }

    /// Appends another set of columns (a loading chunk), mapping its string ids through `map`.
    public mutating func append(_ o: TraceColumns, remapping map: [Int32]) {
        func m(_ ids: [Int32]) -> [Int32] { ids.map { $0 >= 0 ? map[Int($0)] : -1 } }
        file += o.file; record += o.record; line += o.line; generation += o.generation; layout += o.layout
        source += m(o.source); domain += m(o.domain); model += m(o.model); finishReason += m(o.finishReason)
        promptChars += o.promptChars; reasoningChars += o.reasoningChars; answerChars += o.answerChars
        promptTokens += o.promptTokens; reasoningTokens += o.reasoningTokens; answerTokens += o.answerTokens
        datasetTokens += o.datasetTokens
        mix += o.mix; foreignLetters += o.foreignLetters
        consistency += o.consistency; promptLang += m(o.promptLang)
        reasoningLang += m(o.reasoningLang); reasoningLangShare += o.reasoningLangShare
        loopPeriod += o.loopPeriod; loopCopies += o.loopCopies; loopStart += o.loopStart; loopCoverage += o.loopCoverage
        dupLineChars += o.dupLineChars; dupNgramChars += o.dupNgramChars; topNgramChars += o.topNgramChars
        truncation += o.truncation; lengthZ += o.lengthZ; duplicateGroup += o.duplicateGroup
        correct += o.correct; endsMidWord += o.endsMidWord; verdicts += o.verdicts
        contentKeyHi += o.contentKeyHi; contentKeyLo += o.contentKeyLo; promptHash += o.promptHash
    }

    public func layoutKind(_ i: Int) -> LayoutKind {
        let k = Int(layout[i])
        return k < LayoutKind.allCases.count ? LayoutKind.allCases[k] : .unknown
    }
}
