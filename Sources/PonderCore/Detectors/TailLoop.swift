import CGuard
import Foundation

/// Tail loop (GUIDE §3): the reasoning ends in a unit repeated back to back, the classic failure
/// of a model that ran to its token cap.
///
/// Method, O(n) in the bytes examined:
/// 1. Take the last `windowBytes` (256 KB) of the reasoning, starting at a scalar boundary.
/// 2. Normalise white space: every run of white space becomes one space (trailing white space
///    is dropped), keeping a map from normalised bytes back to original byte offsets.
/// 3. Reverse the normalised bytes and find their Z-function at the periods that can matter. For
///    a period p (in bytes), the text's tail has period p over `Z[p] + p` bytes: that is the
///    run. Only periods whose first 30 bytes match can make a reported run; their Z[p] is
///    compared out directly, or, when that would take more than two passes over the text (a
///    real loop), the whole Z-function is computed.
/// 4. Keep periods whose unit (the last p normalised bytes) holds a letter or digit, whose run
///    covers at least 2 whole units and at least `minCoveredChars` characters; prefer runs of at
///    least 3 whole units, then the longest run, then the smaller period.
/// 5. Move the start forward to the first word start within one period, when there is one, so
///    that a coincidental match before the first copy (the ". " ending the previous sentence)
///    is not part of the loop.
/// The last copy may be partial (the run is simply not a whole number of units); `copies` counts
/// the whole ones. Periods and coverage are reported in Unicode scalars, the period after
/// white space normalisation.
///
/// Calibration on `shared/data/real` (`RealDataTests`; default thresholds):
/// - `Sky-T1-math-wrong-5K-14B_aime24.jsonl`: 25 of 30 flagged, all cut off at the generation
///   cap; 25 of its 26 cut-off traces, with periods of 110 to 6,506 characters, 9 to 710
///   copies, covering 86% to 99% of the reasoning. The 26th (#20) ends in an enumeration
///   ("For s = 19: ... For s = 20: ...") that never repeats verbatim: not a tail loop (the
///   repetition figures flag it);
/// - `Sky-T1-math-corrupt-0.5-32B_amc23.jsonl`: 4 of 40: its 3 cut-off traces and #31, whose
///   thinking ends in 4 verbatim copies of an 817-character paragraph before the model
///   closed it (3 whole copies, 14% of the reasoning): a true positive;
/// - `math_cot_100.jsonl`, `reason_tool_use_demo_50.jsonl`, `numina_cot_sharegpt_data_1k.jsonl`:
///   0 flagged; no false positive was found.
public enum TailLoop {
    /// Bytes of the reasoning's tail that are examined: bounds the work on huge texts.
    public static let windowBytes = 256 * 1024
    /// A run shorter than this many characters (scalars, normalised) is never reported.
    public static let minCoveredChars = 60

    /// The repetition at the end of a reasoning.
    public struct Result: Sendable, Equatable {
        /// Unicode scalars in one unit, white space runs counted as one.
        public var periodChars: Int
        /// Whole copies of the unit. A last copy missing only its trailing white space (the
        /// reasoning is trimmed) counts; a last copy cut shorter does not.
        public var copies: Int
        /// UTF-8 byte offset in the reasoning where the repetition starts.
        public var startByte: Int
        /// Unicode scalar offset in the reasoning where the repetition starts.
        public var startChar: Int
        /// Unicode scalars of the reasoning from `startChar` to its end.
        public var coveredChars: Int
        /// `coveredChars` over the reasoning's scalars, 0...1.
        public var coverage: Double
    }

    /// Verdict thresholds. Defaults (GUIDE §3): at least 3 copies, covering at least 10% of the
    /// reasoning or at least 2,000 characters.
    public struct Thresholds: Sendable, Equatable {
        public var minCopies: Int
        public var minCoverage: Double
        public var minCoveredChars: Int
        public init(minCopies: Int = 3, minCoverage: Double = 0.10, minCoveredChars: Int = 2000) {
            self.minCopies = minCopies
            self.minCoverage = minCoverage
            self.minCoveredChars = minCoveredChars
        }
        public static let `default` = Thresholds()
    }

    /// The verdict: `copies >= minCopies` and (`coverage >= minCoverage` or
    /// `coveredChars >= minCoveredChars`).
    public static func isLoop(_ r: Result?, thresholds: Thresholds = .default) -> Bool {
        guard let r else { return false }
        return r.copies >= thresholds.minCopies
            && (r.coverage >= thresholds.minCoverage || r.coveredChars >= thresholds.minCoveredChars)
    }

    /// The longest repetition at the end of `reasoning`, nil when there is none (see the type's
    /// method). Trailing white space is ignored.
    public static func measure(_ reasoning: String) -> Result? {
        var copy = reasoning
        return copy.withUTF8 { measure(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// `measure(_:)` on UTF-8 bytes.
    public static func measure(utf8 bytes: UnsafeRawBufferPointer) -> Result? {
        measure(utf8: bytes, directPasses: 2)
    }

    /// `directPasses`: how many passes over the text the direct comparison of candidate periods
    /// may take before the Z-function serves instead (tests set 0 or `Int.max` to hold the two
    /// ways to the same result).
    static func measure(utf8 bytes: UnsafeRawBufferPointer, directPasses: Int) -> Result? {
        let total = bytes.count
        var from = max(0, total - windowBytes)
        while from < total, bytes[from] & 0xC0 == 0x80 { from += 1 }
        // Normalised text (white space runs as one space, trailing white space dropped),
        // reversed as it is built from the end.
        let rev = [UInt8](unsafeUninitializedCapacity: total - from) { out, count in
            var w = 0
            var i = total - 1
            while i >= from, isSpace(bytes[i]) { i -= 1 }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            while i >= from {
                // Fast path: 8 bytes with no control byte, no two spaces side by side and no space
                // at their low end (where a run could continue) are copied reversed at once.
                if i - 7 >= from {
                    let v = bytes.loadUnaligned(fromByteOffset: i - 7, as: UInt64.self)
                    let control = (v &- ones &* 0x20) & ~v & high          // some byte < 0x20
                    let x = v ^ (ones &* 0x20)
                    let spaces = zeroBytes(x)                              // exactly the 0x20 bytes
                    if control == 0 && spaces & (spaces << 8) == 0 && spaces & 0x80 == 0 {
                        UnsafeMutableRawPointer(out.baseAddress! + w).storeBytes(of: v.byteSwapped, as: UInt64.self)
                        w += 8
                        i -= 8
                        continue
                    }
                }
                let b = bytes[i]
                if b > 0x20 || !isSpace(b) {
                    out[w] = b
                    i -= 1
                } else {
                    var j = i
                    while j > from, isSpace(bytes[j - 1]) { j -= 1 }
                    out[w] = 0x20
                    i = j - 1
                }
                w += 1
            }
            count = w
        }
        let m = rev.count
        guard m >= 2 else { return nil }
        // A reported period p needs run = Z[p] + p >= minCoveredChars and run + 1 >= 2p, so
        // Z[p] >= max(minCoveredChars - p, p - 1) >= need: only the periods whose first `need`
        // bytes match (the candidates) count, and healthy text has none. A candidate's Z[p] is
        // found by comparing on; when that adds up to more than two passes over the text (a real
        // loop: every multiple of its period is a candidate), the Z-function, O(m), gives them all.
        let lastPeriod = min(m - 1, (m + 1) / 2)
        let need = minCoveredChars / 2
        var candidates: [(period: Int, z: Int)] = []
        let direct = rev.withUnsafeBytes { s -> Bool in
            guard m >= minCoveredChars, let base = s.baseAddress else { return true }
            let lastStart = min(lastPeriod, m - need)
            var budget = directPasses.multipliedReportingOverflow(by: m).overflow ? Int.max : directPasses * m
            var p = 1
            // glibc's memmem finds each next place the first `need` bytes recur.
            while p <= lastStart, let hit = ponder_memmem(base + p, lastStart + need - p, base, need) {
                p = UnsafeRawPointer(hit) - base
                let z = commonPrefix(s, p, from: need)
                budget -= z
                if budget < 0 { return false }
                candidates.append((p, z))
                p += 1
            }
            return true
        }
        if direct && candidates.isEmpty { return nil }
        let z = direct ? [] : zFunction(rev, upTo: lastPeriod + 1)
        return rev.withUnsafeBufferPointer { rev -> Result? in
            // The unit rev[0..<p] holds a letter or digit (or a non-ASCII scalar) iff p > firstAlnum.
            var firstAlnum = 0
            while firstAlnum < m {
                let c = rev[firstAlnum]
                if TokenEstimate.isASCIILetter(c) || (c >= 0x30 && c <= 0x39) || c >= 0xC0 { break }
                firstAlnum += 1
            }
            func scalars(_ k: Int) -> Int {
                var c = 0
                for j in 0..<k where rev[j] & 0xC0 != 0x80 { c += 1 }
                return c
            }
            var best = -1
            var bestRun = 0
            var bestThree = false
            func consider(_ p: Int, _ zp: Int) {
                let run = zp + p
                // A run is at most m bytes and needs 2 copies (less a trailing space).
                guard p > firstAlnum, run + 1 >= 2 * p, run >= minCoveredChars else { return }
                let three = run + 1 >= 3 * p
                if (three && !bestThree) || (three == bestThree && run > bestRun) {
                    // A scalar is at most 4 bytes: only short runs need counting.
                    if run >= 4 * minCoveredChars || scalars(run) >= minCoveredChars {
                        best = p
                        bestRun = run
                        bestThree = three
                    }
                }
            }
            if direct {
                for (p, zp) in candidates { consider(p, zp) }
            } else {
                for p in stride(from: 1, through: lastPeriod, by: 1) { consider(p, Int(z[p])) }
            }
            guard best > 0 else { return nil }
            // A periodic run also swallows a coincidental partial unit before the first copy
            // (the ". " of the sentence before a loop of sentences). Start at the first word
            // start within one period of the run's start, when there is one.
            var k = bestRun - 1
            let lowest = max(0, bestRun - best)
            while k >= lowest {
                if rev[k] != 0x20 && (k == m - 1 || rev[k + 1] == 0x20) { break }
                k -= 1
            }
            if k >= lowest && k + 1 >= minCoveredChars { bestRun = k + 1 }
            // Map the run's first normalised byte back to the original text: walk the original
            // from the end, counting normalised bytes as they were built.
            var startByte = total
            var consumed = 0
            var i = total - 1
            while i >= from, isSpace(bytes[i]) { i -= 1 }
            while i >= from && consumed < bestRun {
                if isSpace(bytes[i]) {
                    var j = i
                    while j > from, isSpace(bytes[j - 1]) { j -= 1 }
                    startByte = j
                    i = j - 1
                } else {
                    startByte = i
                    i -= 1
                }
                consumed += 1
            }
            // Move forward to a scalar start that is not white space (a partially covered
            // scalar is not part of the run).
            while startByte < total, bytes[startByte] & 0xC0 == 0x80 || isSpace(bytes[startByte]) {
                startByte += 1
            }
            let startChar = Lengths.scalars(utf8: UnsafeRawBufferPointer(rebasing: bytes[0..<startByte]))
            let covered = Lengths.scalars(utf8: UnsafeRawBufferPointer(rebasing: bytes[startByte...]))
            let totalChars = startChar + covered
            return Result(
                periodChars: scalars(best),
                copies: (bestRun + 1) / best,
                startByte: startByte, startChar: startChar,
                coveredChars: covered,
                coverage: totalChars == 0 ? 0 : Double(covered) / Double(totalChars))
        }
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// The length of the longest common prefix of `s` and `s[p...]`, knowing the first `known`
    /// bytes agree: Z[p], 8 bytes a step.
    static func commonPrefix(_ s: UnsafeRawBufferPointer, _ p: Int, from known: Int) -> Int {
        let m = s.count
        var len = known
        while p + len + 8 <= m {
            let x = s.loadUnaligned(fromByteOffset: len, as: UInt64.self)
                ^ s.loadUnaligned(fromByteOffset: p + len, as: UInt64.self)
            if x != 0 { return len + x.trailingZeroBitCount >> 3 }
            len += 8
        }
        while p + len < m && s[len] == s[p + len] { len += 1 }
        return len
    }

    /// Z[k] = length of the longest common prefix of `s` and `s[k...]`; Z[0] = count.
    /// Only Z[0..<upTo] are computed (Z[k] depends on Z[j] for j < k only); the rest are 0.
    static func zFunction(_ s: [UInt8], upTo: Int = Int.max) -> [Int32] {
        let n = s.count
        let limit = min(n, upTo)
        var z = [Int32](repeating: 0, count: limit)
        guard n > 0 else { return z }
        z[0] = Int32(n)
        s.withUnsafeBufferPointer { s in
            z.withUnsafeMutableBufferPointer { z in
                var l = 0
                var r = 0
                for k in 1..<max(limit, 1) {
                    var len = 0
                    if k < r { len = min(r - k, Int(z[k - l])) }
                    while k + len < n && s[len] == s[k + len] { len += 1 }
                    z[k] = Int32(len)
                    if k + len > r { l = k; r = k + len }
                }
            }
        }
        return z
    }
}
