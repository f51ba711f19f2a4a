import Foundation

/// What `ponder stats` reports: layouts, counts, problems, length percentiles, detector counts,
/// overall and per source. Codable: `--json` prints it as is.
public struct DatasetStats: Codable, Sendable {
    public struct FileSummary: Codable, Sendable {
        public var file: String
        public var shape: String
        public var layout: String
        public var layoutDetail: String
        public var records: Int
        public var traces: Int
        public var malformed: Int
        public var blankLines: Int
        /// Records per layout, when not all share one.
        public var layoutCounts: [String: Int]
        /// The index and figures came from the cache of an earlier load.
        public var cached: Bool
    }
    public struct Lengths: Codable, Sendable {
        public var p50: Int32
        public var p90: Int32
        public var p99: Int32
        public var max: Int32
    }
    public struct Group: Codable, Sendable {
        public var traces: Int
        public var flagged: [String: Int]
        public var reasoningChars: Lengths
    }

    public var files: [FileSummary]
    public var records: Int
    public var traces: Int
    public var malformed: Int
    public var problems: [String]
    public var problemsTotal: Int
    /// chars and tokens of prompt, reasoning, answer: "reasoning.chars" → percentiles.
    public var lengths: [String: Lengths]
    /// Detector name → traces it flags.
    public var flagged: [String: Int]
    public var perSource: [String: Group]
    public var generationCaps: [Int32]
    /// Prompt language (ISO code, "unknown" when too short) → traces.
    public var promptLanguages: [String: Int]

    public init(_ dataset: Dataset) {
        let (c, strings) = dataset.snapshot()
        let files = dataset.files
        self.files = files.map { f in
            FileSummary(file: f.bytes.displayName, shape: f.index.shape.rawValue, layout: f.plan.kind.rawValue,
                        layoutDetail: f.plan.summary, records: f.records, traces: f.traces, malformed: f.malformed,
                        blankLines: f.index.blankLines,
                        layoutCounts: Dictionary(uniqueKeysWithValues: f.layoutCounts.map { ($0.key.rawValue, $0.value) }),
                        cached: f.fromCache)
        }
        records = files.reduce(0) { $0 + $1.records }
        traces = c.count
        malformed = files.reduce(0) { $0 + $1.malformed }
        let (kept, total) = dataset.problems
        problems = kept.map(\.description)
        problemsTotal = total
        lengths = [:]
        for (name, col) in [("prompt.chars", c.promptChars), ("reasoning.chars", c.reasoningChars), ("answer.chars", c.answerChars),
                            ("prompt.tokens", c.promptTokens), ("reasoning.tokens", c.reasoningTokens), ("answer.tokens", c.answerTokens)] {
            lengths[name] = Self.lengths(col)
        }
        flagged = Self.count(c.verdicts, indices: 0..<c.count)
        var bySource: [Int32: [Int]] = [:]
        for i in 0..<c.count { bySource[c.source[i], default: []].append(i) }
        perSource = [:]
        if bySource.count > 1 || bySource.keys.first != -1 {
            for (id, members) in bySource {
                let name = strings.string(id) ?? "(none)"
                perSource[name] = Group(traces: members.count, flagged: Self.count(c.verdicts, indices: members),
                                        reasoningChars: Self.lengths(members.map { c.reasoningChars[$0] }))
            }
        }
        generationCaps = dataset.capLengths
        var langs: [String: Int] = [:]
        for id in c.promptLang { langs[strings.string(id) ?? "unknown", default: 0] += 1 }
        promptLanguages = langs
    }

    static func lengths(_ col: [Int32]) -> Lengths {
        guard !col.isEmpty else { return Lengths(p50: 0, p90: 0, p99: 0, max: 0) }
        let s = col.sorted()
        return Lengths(p50: Percentile.at(s, 50), p90: Percentile.at(s, 90), p99: Percentile.at(s, 99), max: s[s.count - 1])
    }

    static func count<S: Sequence>(_ verdicts: [Verdicts], indices: S) -> [String: Int] where S.Element == Int {
        var out: [String: Int] = [:]
        for (name, _) in Verdicts.named { out[name] = 0 }
        for i in indices {
            let v = verdicts[i]
            if v.isEmpty { continue }
            for (name, bit) in Verdicts.named where v.contains(bit) { out[name, default: 0] += 1 }
        }
        return out
    }

    /// A plain-text report for terminals.
    public func text() -> String {
        var out = ""
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
        func rpad(_ s: String, _ w: Int) -> String { s.count >= w ? " " + s : String(repeating: " ", count: w - s.count) + s }
        out += "files\n"
        for f in files {
            out += "  \(f.file): \(f.shape), layout \(f.layout) (\(f.layoutDetail))\n"
            out += "    \(f.records) records, \(f.traces) traces, \(f.malformed) malformed"
            if f.blankLines > 0 { out += ", \(f.blankLines) blank lines" }
            if f.cached { out += " (cached: unchanged since an earlier load)" }
            out += "\n"
            if f.layoutCounts.count > 1 {
                out += "    records by layout: " + f.layoutCounts.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + "\n"
            }
        }
        out += "\ntotal: \(records) records, \(traces) traces, \(malformed) malformed\n"
        out += "\nlengths            " + ["p50", "p90", "p99", "max"].map { rpad($0, 9) }.joined() + "\n"
        for name in ["prompt.chars", "reasoning.chars", "answer.chars", "prompt.tokens", "reasoning.tokens", "answer.tokens"] {
            guard let l = lengths[name] else { continue }
            out += "  " + pad(name, 17) + [l.p50, l.p90, l.p99, l.max].map { rpad(String($0), 9) }.joined() + "\n"
        }
        out += "\nflagged              traces    share\n"
        for (name, _) in Verdicts.named {
            let n = flagged[name] ?? 0
            out += "  " + pad(name, 17) + rpad(String(n), 8) + rpad(String(format: "%.1f%%", traces > 0 ? Double(n) * 100 / Double(traces) : 0), 9) + "\n"
        }
        if !generationCaps.isEmpty {
            out += "\ngeneration caps (token lengths where traces pile up): " + generationCaps.map(String.init).joined(separator: ", ") + "\n"
        }
        if !promptLanguages.isEmpty {
            out += "\nprompt languages     traces    share\n"
            for (lang, n) in promptLanguages.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }).prefix(20) {
                out += "  " + pad(lang, 17) + rpad(String(n), 8) + rpad(String(format: "%.1f%%", traces > 0 ? Double(n) * 100 / Double(traces) : 0), 9) + "\n"
            }
        }
        if !perSource.isEmpty {
            let shown = Verdicts.named.map(\.name).filter { (flagged[$0] ?? 0) > 0 }
            out += "\nper source" + String(repeating: " ", count: 22) + rpad("traces", 8) + rpad("p50", 8) + shown.map { rpad($0, max(8, $0.count + 1)) }.joined() + "\n"
            for (name, g) in perSource.sorted(by: { $0.value.traces > $1.value.traces }) {
                out += "  " + pad(String(name.prefix(28)), 30) + rpad(String(g.traces), 8) + rpad(String(g.reasoningChars.p50), 8)
                out += shown.map { rpad(String(g.flagged[$0] ?? 0), max(8, $0.count + 1)) }.joined() + "\n"
            }
        }
        if problemsTotal > 0 {
            out += "\nproblems (\(problemsTotal))\n"
            for p in problems.prefix(50) { out += "  \(p)\n" }
            if problemsTotal > 50 { out += "  … and \(problemsTotal - 50) more (ponder stats --json lists \(problems.count))\n" }
        }
        // Sources, file names and problems come from the data: never raw escape sequences.
        return VisibleText.escape(out, keepLayout: true)
    }
}
