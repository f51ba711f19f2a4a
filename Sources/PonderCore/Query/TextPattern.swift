import CGuard
import Foundation

/// A compiled `/regex/` of the filter language: ICU syntax (ICU's regex engine through `CGuard`),
/// searched anywhere in the text. Immutable and safe to share between tasks.
///
/// A search is stopped after a time limit that grows with its text (`timeLimit`; nested repetition such
/// as `(\w+\s?)+$x` backtracks for minutes on a long reasoning): the filter's budget is then spent,
/// every later search of the same filter answers false at once, and the filter reports it as an
/// error. (Foundation's NSRegularExpression has no time limit; its progress callback, which could
/// stop a search, made ordinary searches four times slower.)
struct TextPattern: Sendable {
    struct Invalid: Error {
        var reason: String
    }

    /// ICU's compiled pattern, freed with the last copy; only read (each search clones it).
    final class Compiled: @unchecked Sendable {
        let regex: OpaquePointer
        init(_ regex: OpaquePointer) { self.regex = regex }
        deinit { ponder_regex_close(regex) }
    }

    /// Ticks of ICU's engine one search of `length` UTF-16 units may take: a fixed part and a part
    /// for its length, so that a long text is searched in full and only runaway backtracking is
    /// stopped. A tick is about 0.14 ms here (measured: `(\w+\s?)+$x` stopped after 1,000 ticks in
    /// 0.14 s); `\b\w+ \w+ \w+ zz`, a slow but linear search, needs about 5,000 ticks for 14 MB,
    /// for which this allows 31,000 (about 4 s); a 5 KB reasoning gets 3,010 (about 0.4 s).
    static func timeLimit(length: Int) -> Int32 {
        Int32(clamping: 3000 + length / 500)
    }

    let source: String
    private let compiled: Compiled
    let budget: RegexBudget

    init(_ pattern: String, caseInsensitive: Bool, budget: RegexBudget = RegexBudget()) throws(Invalid) {
        let units = Array(pattern.utf16) + [0]
        let regex = units.withUnsafeBufferPointer {
            ponder_regex_open($0.baseAddress, Int32(clamping: units.count - 1), caseInsensitive ? 1 : 0, nil)
        }
        guard let regex else { throw Invalid(reason: "not a valid regular expression") }
        self.compiled = Compiled(regex)
        self.source = pattern
        self.budget = budget
    }

    func matches(_ text: String) -> Bool {
        if budget.isSpent(before: source) { return false }
        var units = [UInt16]()
        units.reserveCapacity(text.utf8.count + 1)
        units.append(contentsOf: text.utf16)
        let length = Int32(clamping: units.count)
        units.append(0)
        let found = units.withUnsafeBufferPointer { ponder_regex_find(compiled.regex, $0.baseAddress, length, Self.timeLimit(length: Int(length))) }
        // -1: the time limit; -2: ICU stopped otherwise (its backtrack stack, 8 MB, is full on a
        // long text): either way the answer is unknown, so the filter must not pass it off as "no".
        if found < 0 { budget.spend(source) }
        return found == 1
    }
}

/// Shared by the regexes of one compiled filter: spent when one search runs too long.
/// With a `deadline`, also spent once the filter's searches together pass it (the inspector filters
/// while the user waits).
final class RegexBudget: Sendable {
    /// What spent it: one search that ran too long (`single`), or all of them together (`total`).
    struct Culprit: Sendable, Equatable {
        var pattern: String
        var total: Bool
    }
    private let spent = Locked<Culprit?>(nil)   // a pthread mutex: ThreadSanitizer sees it (README, Reliability)
    /// `DispatchTime` uptime in nanoseconds past which no search starts; nil: no total limit.
    let deadline: UInt64?

    init(totalLimit: Duration? = nil) {
        deadline = totalLimit.map { limit in
            let (s, a) = limit.components
            return DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, s)) &* 1_000_000_000 &+ UInt64(max(0, a / 1_000_000_000))
        }
    }

    /// Checked before each search: spent, or past the deadline (which then spends it on `pattern`).
    func isSpent(before pattern: String) -> Bool {
        if spent.withLock({ $0 != nil }) { return true }
        guard let deadline, DispatchTime.now().uptimeNanoseconds > deadline else { return false }
        spent.withLock { if $0 == nil { $0 = Culprit(pattern: pattern, total: true) } }
        return true
    }

    var culprit: Culprit? { spent.withLock { $0 } }

    func spend(_ pattern: String) {
        spent.withLock { if $0 == nil { $0 = Culprit(pattern: pattern, total: false) } }
    }
}
