/// Verdicts of the detectors for one trace, as bits (GUIDE §3). Thresholds decide them once at load.
public struct Verdicts: OptionSet, Sendable, BitwiseCopyable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let mixed = Verdicts(rawValue: 1 << 0)
    public static let loop = Verdicts(rawValue: 1 << 1)
    public static let repetition = Verdicts(rawValue: 1 << 2)
    public static let emptyThink = Verdicts(rawValue: 1 << 3)
    public static let truncated = Verdicts(rawValue: 1 << 4)
    public static let outlier = Verdicts(rawValue: 1 << 5)
    public static let duplicate = Verdicts(rawValue: 1 << 6)
    public static let noReasoning = Verdicts(rawValue: 1 << 7)
    public static let unknownLayout = Verdicts(rawValue: 1 << 8)
    public static let inconsistent = Verdicts(rawValue: 1 << 9)

    /// Names as used by the filter language and `ponder stats`.
    public static let named: [(name: String, verdict: Verdicts)] = [
        ("mixed", .mixed), ("loop", .loop), ("repetition", .repetition), ("empty_think", .emptyThink),
        ("truncated", .truncated), ("outlier", .outlier), ("duplicate", .duplicate),
        ("no_reasoning", .noReasoning), ("unknown_layout", .unknownLayout), ("inconsistent", .inconsistent),
    ]
}

/// The figures of every trace, as columns (struct of arrays): a million traces sort and filter in
/// milliseconds, and the per-trace cost stays far below 300 bytes. Text is not here: it is decoded
/// from the file on demand through `file`/`record`/`generation`.
public struct TraceColumns: Sendable {
    public var file: [UInt16] = []
    /// Index of the record in its file's `RecordIndex`.
    public var record: [Int32] = []
    /// 1-based line of the record in its file.
    public var line: [Int32] = []
    /// 0-based index of the trace within its record (several generations).
    public var generation: [UInt16] = []
    public var layout: [UInt8] = []
    /// Interned metadata strings (`StringTable` ids), -1 when absent.
    public var source: [Int32] = []
    public var domain: [Int32] = []
    public var model: [Int32] = []
    public var finishReason: [Int32] = []
    /// Unicode scalars.
    public var promptChars: [Int32] = []
    public var reasoningChars: [Int32] = []
    public var answerChars: [Int32] = []
    /// Estimated tokens (see `TokenEstimate`).
    public var promptTokens: [Int32] = []
    public var reasoningTokens: [Int32] = []
    public var answerTokens: [Int32] = []
    /// Token count the dataset reports itself, -1 when absent.
    public var datasetTokens: [Int32] = []
    /// Share of the reasoning's letters in scripts the prompt does not use.
    public var mix: [Float] = []
    public var foreignLetters: [Int32] = []
    /// Language consistency: share of the reasoning's words in the prompt's language (1 when unknown).
    public var consistency: [Float] = []
    /// The prompt's language (ISO code, `StringTable` id), -1 when unknown.
    public var promptLang: [Int32] = []
    /// The reasoning's most frequent language (`StringTable` id, -1 unknown) and its share of words.
    public var reasoningLang: [Int32] = []
    public var reasoningLangShare: [Float] = []
    /// Tail loop: period in characters, copies, start (character offset), share of the reasoning covered.
    public var loopPeriod: [Int32] = []
    public var loopCopies: [Int32] = []
    public var loopStart: [Int32] = []
    public var loopCoverage: [Float] = []
    /// Scattered repetition: share of characters in duplicated lines, in duplicated 5..10-grams
    /// (the largest excess over its threshold), and the most frequent 2..4-gram's share.
    public var dupLineChars: [Float] = []
    public var dupNgramChars: [Float] = []
    public var topNgramChars: [Float] = []
    public var truncation: [UInt8] = []
    /// Robust z-score of log reasoning length within the trace's group.
    public var lengthZ: [Float] = []
    /// Duplicate-prompt group id, -1 when the prompt is unique.
    public var duplicateGroup: [Int32] = []
    /// 1 correct, 0 incorrect, -1 unknown.
    public var correct: [Int8] = []
    /// The reasoning (or the answer, without reasoning) stops mid-word or mid-formula.
    public var endsMidWord: [Bool] = []
    public var verdicts: [Verdicts] = []
    /// 128-bit hash of the trace's content (prompt, reasoning, answer), in two halves: the flags' key.
    public var contentKeyHi: [UInt64] = []
    public var contentKeyLo: [UInt64] = []
    /// Hash of the normalised prompt (NFKC, case folded, white space collapsed).
    public var promptHash: [UInt64] = []

    public init() {}

    public var count: Int { line.count }
}

/// Interned strings for metadata columns (source, domain, model, finish_reason).
public struct StringTable: Sendable {
    public private(set) var strings: [String] = []
    private var ids: [String: Int32] = [:]
    public init() {}

    public mutating func intern(_ s: String?) -> Int32 {
        guard let s else { return -1 }
        if let id = ids[s] { return id }
        let id = Int32(strings.count)
        strings.append(s)
        ids[s] = id
        return id
    }

    public func string(_ id: Int32) -> String? {
        id >= 0 && Int(id) < strings.count ? strings[Int(id)] : nil
    }

    public func id(of s: String) -> Int32? { ids[s] }
}

/// Visits every column of `TraceColumns` in one fixed order (the cache's layout).
protocol ColumnVisitor {
    mutating func visit<T: BitwiseCopyable>(_ column: inout [T])
}

extension TraceColumns {
    /// Every column, in declaration order: the one list that serialising and slicing share.
    mutating func visitColumns<V: ColumnVisitor>(_ v: inout V) {
        v.visit(&file)
        v.visit(&record)
        v.visit(&line)
        v.visit(&generation)
        v.visit(&layout)
        v.visit(&source)
        v.visit(&domain)
        v.visit(&model)
        v.visit(&finishReason)
        v.visit(&promptChars)
        v.visit(&reasoningChars)
        v.visit(&answerChars)
        v.visit(&promptTokens)
        v.visit(&reasoningTokens)
        v.visit(&answerTokens)
        v.visit(&datasetTokens)
        v.visit(&mix)
        v.visit(&foreignLetters)
        v.visit(&consistency)
        v.visit(&promptLang)
        v.visit(&reasoningLang)
        v.visit(&reasoningLangShare)
        v.visit(&loopPeriod)
        v.visit(&loopCopies)
        v.visit(&loopStart)
        v.visit(&loopCoverage)
        v.visit(&dupLineChars)
        v.visit(&dupNgramChars)
        v.visit(&topNgramChars)
        v.visit(&truncation)
        v.visit(&lengthZ)
        v.visit(&duplicateGroup)
        v.visit(&correct)
        v.visit(&endsMidWord)
        v.visit(&verdicts)
        v.visit(&contentKeyHi)
        v.visit(&contentKeyLo)
        v.visit(&promptHash)
    }

    /// Room for `capacity` traces in every column, so that loading a file whose record count is
    /// known grows no column by doubling (up to half of each column would be slack). A column that
    /// must grow at least doubles, so that reserving file after file (shards) copies each column a
    /// logarithmic number of times, not once a file.
    mutating func reserveCapacity(_ capacity: Int) {
        struct Reserver: ColumnVisitor {
            let capacity: Int
            mutating func visit<T: BitwiseCopyable>(_ column: inout [T]) {
                guard capacity > column.capacity else { return }
                column.reserveCapacity(column.isEmpty ? capacity : max(capacity, column.capacity * 2))
            }
        }
        var v = Reserver(capacity: capacity)
        visitColumns(&v)
    }

    /// Every column holds `count` values.
    var isRectangular: Bool {
        struct Lengths: ColumnVisitor {
            var counts = Set<Int>()
            mutating func visit<T: BitwiseCopyable>(_ column: inout [T]) { counts.insert(column.count) }
        }
        var copy = self
        var v = Lengths()
        copy.visitColumns(&v)
        return v.counts.count <= 1
    }

    /// The traces `range`, as columns of their own.
    func slice(_ range: Range<Int>) -> TraceColumns {
        struct Slicer: ColumnVisitor {
            let range: Range<Int>
            mutating func visit<T: BitwiseCopyable>(_ column: inout [T]) { column = Array(column[range]) }
        }
        var copy = self
        var v = Slicer(range: range)
        copy.visitColumns(&v)
        return copy
    }
}
