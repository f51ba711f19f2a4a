/// The layouts Ponder recognises (GUIDE §2). The raw value is the short name used in
/// `ponder stats`, `ponder scan` and the filter language.
public enum LayoutKind: String, Sendable, CaseIterable, Codable {
    case splitFields = "split-fields"
    case thinkTags = "think-tags"
    case thoughtMarkers = "thought-markers"
    case chatMessages = "chat-messages"
    case shareGPT = "sharegpt"
    case contentBlocks = "content-blocks"
    case apiResponse = "api-response"
    case generations = "generations"
    case promptCompletion = "prompt-completion"
    case explicitPaths = "explicit-paths"
    /// No layout fitted the record; it is kept with the reason.
    case unknown = "unknown"
}

/// Why a trace is considered cut off (GUIDE §3, Truncation).
public enum TruncationReason: UInt8, Sendable, CaseIterable, Codable {
    case none = 0
    /// `finish_reason` (or an equivalent field) says `length`.
    case finishLength = 1
    /// An opening think tag or thought marker was never closed.
    case unclosedThink = 2
    /// Reasoning is present but the answer is empty.
    case noAnswer = 3
    /// The text stops mid-word or mid-formula at a length shared by many traces (a cap).
    case capMidWord = 4

    public var name: String {
        switch self {
        case .none: return ""
        case .finishLength: return "finish_reason_length"
        case .unclosedThink: return "unclosed_think"
        case .noAnswer: return "no_answer"
        case .capMidWord: return "cap_mid_word"
        }
    }
}

/// One trace as a layout extracts it from a record: decoded, trimmed text plus metadata.
/// Built on demand (for a scan, for the row on screen, for an export); never stored for all traces.
public struct TraceText: Sendable, Equatable {
    public var prompt: String = ""
    public var reasoning: String = ""
    public var answer: String = ""
    /// A system prompt, kept as metadata (not part of the prompt).
    public var system: String? = nil
    /// Tool calls shown beside the answer; not counted as answer text.
    public var toolCalls: String? = nil

    /// The layout has a place for reasoning (a reasoning field, a think block), whether or not it is filled.
    public var hasReasoningSlot: Bool = false
    /// A think block or thought marker was present but empty or white space only.
    public var emptyThink: Bool = false
    /// An opening think tag or marker was never closed.
    public var unclosedThink: Bool = false
    /// The prompt could not be found (for example an API response without its request); said in the UI.
    public var promptMissing: Bool = false

    public var finishReason: String? = nil
    public var source: String? = nil
    public var domain: String? = nil
    public var id: String? = nil
    public var model: String? = nil
    /// Whether the dataset marks this generation correct (`correctness_*`, `score`, `is_reasoning_complete`...).
    public var correct: Bool? = nil
    /// The reference answer or solution, when the record carries one.
    public var gold: String? = nil
    /// Token counts the dataset itself reports (`usage.completion_tokens`, `reasoning_tokens`).
    public var completionTokens: Int? = nil
    public var reasoningTokens: Int? = nil

    public init() {}
    public init(prompt: String, reasoning: String, answer: String) {
        self.prompt = prompt
        self.reasoning = reasoning
        self.answer = answer
        self.hasReasoningSlot = true
    }
}

/// What a layout makes of one record: its traces, or the reason none could be found.
public struct RecordTraces: Sendable {
    public var layout: LayoutKind
    public var traces: [TraceText]
    /// Set when no layout fitted: the record is kept as one empty trace with this reason.
    public var problem: String?

    public init(layout: LayoutKind, traces: [TraceText], problem: String? = nil) {
        self.layout = layout
        self.traces = traces
        self.problem = problem
    }
}
