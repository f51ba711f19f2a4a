/// The shapes `ponder export --format` writes, one JSON object per line.
///
/// - `original`: the record's own line, byte for byte (the caller hands the raw bytes; a record
///   holding several traces is the caller's to write once).
/// - `messages` (OpenAI chat / TRL SFT):
///   `{"messages":[{"role":"system","content":S}?,{"role":"user","content":PROMPT},
///   {"role":"assistant","content":"<think>\nREASONING\n</think>\n\nANSWER"}],"source":…?,"id":…?}`
/// - `sharegpt`:
///   `{"conversations":[{"from":"system","value":S}?,{"from":"human","value":PROMPT},
///   {"from":"gpt","value":"<think>\nREASONING\n</think>\n\nANSWER"}],"source":…?,"id":…?}`
///
/// The system turn is written only when the trace has a non-empty system prompt; `source` and `id`
/// only when the trace carries them. The think block is always written, empty when the trace has
/// no reasoning (`<think>\n\n</think>\n\nANSWER`), so every line has the same shape.
public enum ExportFormat: String, Sendable, CaseIterable, Codable {
    case original
    case messages
    case sharegpt

    /// Appends one JSONL line for `trace`, newline included, to `out`.
    /// For `.original`, `originalLine` is copied verbatim (a trailing `\n` is added if it lacks one,
    /// a `\r\n` ending is kept); it must not be nil for that format.
    public func appendLine(for trace: TraceText, originalLine: UnsafeRawBufferPointer? = nil, to out: inout [UInt8]) {
        switch self {
        case .original:
            precondition(originalLine != nil, "ExportFormat.original needs the record's raw line")
            guard let line = originalLine, line.count > 0 else {
                out.append(0x0A)
                return
            }
            out.append(contentsOf: line)
            if line[line.count - 1] != 0x0A { out.append(0x0A) }
        case .messages:
            ExportFormat.appendChat(trace, open: #"{"messages":["#, system: #"{"role":"system","content":"#,
                                    user: #"{"role":"user","content":"#, assistant: #"{"role":"assistant","content":"#, to: &out)
        case .sharegpt:
            ExportFormat.appendChat(trace, open: #"{"conversations":["#, system: #"{"from":"system","value":"#,
                                    user: #"{"from":"human","value":"#, assistant: #"{"from":"gpt","value":"#, to: &out)
        }
    }

    /// One chat line: `OPEN` then the system (when there is one), user and assistant turns, each
    /// its prefix, the text and `}`, then `]`, the metadata and `}`; the chat formats differ only
    /// in these prefixes.
    private static func appendChat(_ trace: TraceText, open: StaticString, system: StaticString, user: StaticString,
                                   assistant: StaticString, to out: inout [UInt8]) {
        var w = JSONWriter(capacity: trace.prompt.utf8.count + trace.reasoning.utf8.count + trace.answer.utf8.count + 128)
        w.raw(open)
        if let text = trace.system, !text.isEmpty {
            w.raw(system)
            w.string(text)
            w.raw("},")
        }
        w.raw(user)
        w.string(trace.prompt)
        w.raw("},")
        w.raw(assistant)
        w.string(assistantText(trace))
        w.raw("}]")
        appendMetadata(trace, to: &w)
        w.raw("}\n")
        out.append(contentsOf: w.bytes)
    }

    /// The line as a `String` (for tests and small outputs); `nil` for `.original`, which has no
    /// encoding of its own.
    public func line(for trace: TraceText) -> String? {
        if self == .original { return nil }
        var out: [UInt8] = []
        appendLine(for: trace, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The assistant turn: `<think>\nREASONING\n</think>\n\nANSWER`.
    public static func assistantText(_ trace: TraceText) -> String {
        "<think>\n" + trace.reasoning + "\n</think>\n\n" + trace.answer
    }

    private static func appendMetadata(_ trace: TraceText, to w: inout JSONWriter) {
        if let source = trace.source {
            w.raw(",\"source\":")
            w.string(source)
        }
        if let id = trace.id {
            w.raw(",\"id\":")
            w.string(id)
        }
    }
}
