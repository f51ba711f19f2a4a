/// The spans of one reasoning worth highlighting (GUIDE §4): the tail loop, and the foreign spans,
/// those of the script detector (Chinese in English) merged with CLD2's runs of chunks in another
/// language (French in English). Recomputed for the one trace on screen; each kind only when its
/// verdict holds, so a clean trace shows nothing.
public struct ReasoningSpans: Sendable, Equatable {
    /// UTF-8 byte range of the loop, from its start to the end of the reasoning.
    public var loop: Range<Int>?
    /// UTF-8 byte ranges, sorted, overlapping ones joined.
    public var foreign: [Range<Int>]

    public static func of(prompt: String, reasoning: String, thresholds: Thresholds = Thresholds()) -> ReasoningSpans {
        guard !reasoning.isEmpty else { return ReasoningSpans(loop: nil, foreign: []) }
        let mix = ScriptMix.measure(prompt: prompt, reasoning: reasoning)
        var foreign = mix.foreignLetters >= thresholds.minForeignLetters ? mix.spans : []
        let lang = LanguageConsistency.measure(prompt: prompt, reasoning: reasoning)
        if lang.isInconsistent(min: thresholds.minConsistency) { foreign += lang.foreign.map(\.range) }
        var loop: Range<Int>? = nil
        if let l = TailLoop.measure(reasoning), TailLoop.isLoop(l, thresholds: thresholds.loop) {
            loop = l.startByte..<reasoning.utf8.count
        }
        return ReasoningSpans(loop: loop, foreign: merged(foreign))
    }

    /// Sorted, with overlapping or touching ranges joined.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
