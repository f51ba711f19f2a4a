import Foundation

/// Which traces a command or the inspector acts on: a filter expression and a flags rule.
public struct Selection: Sendable {
    /// How flagged traces are treated.
    public enum FlagsRule: String, Sendable, CaseIterable {
        /// Flags play no part.
        case include
        /// Only flagged traces.
        case only
        /// Leave flagged traces out (the usual curation: flag what is bad, export the rest).
        case exclude
    }

    public var expression: String?
    public var flags: FlagsRule

    public init(expression: String? = nil, flags: FlagsRule = .include) {
        self.expression = expression
        self.flags = flags
    }

    /// The context the filter language evaluates against, for a dataset and its (optional) flags.
    public static func context(_ dataset: Dataset, flagLog: FlagLog?) -> FilterContext {
        let (c, s) = dataset.snapshot()
        return context(dataset, c, s, fileNames: dataset.files.map(\.bytes.displayName), flagLog: flagLog)
    }

    /// The same over a snapshot already taken (`c`, `s`) and the files named as the caller names them.
    public static func context(_ dataset: Dataset, _ c: TraceColumns, _ s: StringTable, fileNames: [String],
                               flagLog: FlagLog?) -> FilterContext {
        FilterContext(
            columns: c, strings: s, fileNames: fileNames,
            text: { dataset.text(of: $0) },
            flags: { i in
                guard let flagLog, i < c.count,
                      let e = flagLog.flags(for: ContentKey(hi: c.contentKeyHi[i], lo: c.contentKeyLo[i])) else { return nil }
                return (e.labels, e.note)
            },
            consistency: c.consistency, promptLang: c.promptLang)
    }

    /// The selected trace indices, in dataset order. Throws the filter's syntax or type error.
    public func traces(in ctx: FilterContext, flagLog: FlagLog?) throws(QueryError) -> [Int] {
        let c = ctx.columns
        var keep = [Bool](repeating: true, count: c.count)
        if let expression, !expression.trimmingCharacters(in: .whitespaces).isEmpty {
            let filter = try CompiledFilter.compile(expression, in: ctx)
            keep = filter.evaluate()
            if let e = filter.regexError { throw e }
        }
        if flags != .include {
            let wantFlagged = flags == .only
            for i in 0..<c.count where keep[i] {
                let flagged = flagLog?.flags(for: ContentKey(hi: c.contentKeyHi[i], lo: c.contentKeyLo[i])) != nil
                keep[i] = flagged == wantFlagged
            }
        }
        var out: [Int] = []
        for i in 0..<c.count where keep[i] { out.append(i) }
        return out
    }
}
