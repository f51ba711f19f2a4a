/// Where a flagged trace was seen when it was flagged: informational only (flags are keyed by
/// content, so they still apply when the trace moves). All fields optional.
public struct FlagLocation: Sendable, Equatable, Hashable {
    /// The dataset file's name as the user gave it.
    public var file: String?
    /// 1-based line number of the record in that file.
    public var line: Int?
    /// The generation index within the record (0-based), for records with several traces.
    public var generation: Int?

    public init(file: String? = nil, line: Int? = nil, generation: Int? = nil) {
        self.file = file
        self.line = line
        self.generation = generation
    }
}

/// The current flag of one trace: its labels and note, and who set it, when and where.
public struct FlagEntry: Sendable, Equatable {
    /// Lowercase words, sorted, without duplicates (see `FlagLabel`).
    public var labels: [String]
    public var note: String?
    /// ISO 8601 UTC, seconds precision (`2026-11-29T04:00:00Z`).
    public var time: String?
    public var user: String?
    public var location: FlagLocation

    public init(labels: [String], note: String? = nil, time: String? = nil, user: String? = nil, location: FlagLocation = FlagLocation()) {
        self.labels = labels
        self.note = note
        self.time = time
        self.user = user
        self.location = location
    }

    /// Same labels and note: what import compares. Time, user and location are history, not state.
    public func sameState(as other: FlagEntry) -> Bool {
        labels == other.labels && (note ?? "") == (other.note ?? "")
    }
}

/// Flag labels: the standard set and the rule for others.
public enum FlagLabel {
    /// The labels the inspector offers on its keys; any other lowercase word is allowed too.
    public static let standard = ["mixed", "loop", "truncated", "outlier", "duplicate", "other"]

    /// Lowercases and trims `label`; nil unless the result is a word of 1 to 64 characters from
    /// `a-z`, `0-9`, `-` and `_`, starting with a letter or digit.
    public static func normalize(_ label: String) -> String? {
        let l = label.trimmingWhitespace().lowercased()
        let u = Array(l.utf8)
        guard !u.isEmpty, u.count <= 64 else { return nil }
        for (i, c) in u.enumerated() {
            let alnum = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            if alnum { continue }
            if i > 0 && (c == UInt8(ascii: "-") || c == UInt8(ascii: "_")) { continue }
            return nil
        }
        return l
    }

    /// Normalised, sorted and deduplicated labels; throws on the first invalid one.
    public static func normalize(_ labels: [String]) throws(InvalidFlagLabel) -> [String] {
        var out = Set<String>()
        for label in labels {
            guard let l = normalize(label) else { throw InvalidFlagLabel(label: label) }
            out.insert(l)
        }
        return out.sorted()
    }
}

/// A label that is not a lowercase word.
public struct InvalidFlagLabel: Error, Sendable, Equatable, CustomStringConvertible {
    public var label: String
    public var description: String {
        "invalid flag label \"\(label)\": use a lowercase word (a-z, 0-9, - and _), such as \(FlagLabel.standard.joined(separator: ", "))"
    }
}

/// A problem found while reading a flags file; the line is skipped and the rest is read.
public struct FlagWarning: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based line number in the flags file.
    public var line: Int
    public var reason: String

    public init(path: String, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(path):\(line): \(reason)" }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
