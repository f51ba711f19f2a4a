/// Every detector's default threshold, in one place (GUIDE §3). `ponder` flags and the inspector
/// read and change these; README's "Detectors" section documents each default.
public struct Thresholds: Sendable {
    /// Mixed when the reasoning holds at least this many letters in scripts the prompt does not use.
    public var minForeignLetters = ScriptMix.defaultMinForeignLetters
    /// Inconsistent when less than this share of the reasoning's words is in the prompt's language.
    public var minConsistency = LanguageConsistency.defaultMinConsistency
    /// Tail loop: copies, coverage and covered characters.
    public var loop = TailLoop.Thresholds()
    /// Scattered repetition (Gopher-style figures, recalibrated on real reasoning).
    public var repetition = Repetition.Thresholds.default
    /// Length outlier when |robust z of log reasoning length| exceeds this.
    public var outlierZ: Float = 3.5
    /// A source or domain group needs this many traces to get its own median and MAD.
    public var outlierMinGroup = 30
    /// A token length shared by at least this share of traces at the top of the distribution is a cap.
    public var capShare = 0.01

    public init() {}
}
