import CGuard
import Foundation

/// Scattered repetition (GUIDE §3): Gopher's repetition figures (Rae et al. 2021) counted as
/// datatrove's `GopherRepetitionFilter` counts them.
///
/// - Paragraphs: the text, stripped, split on runs of 2 or more `\n`. Lines: the text split on
///   runs of `\n`. `dupParaFrac`/`dupLineFrac` = elements equal to an earlier element over all
///   elements; `dupParaCharFrac`/`dupLineCharFrac` = characters of those duplicates over the
///   text's characters.
/// - Words: runs of non-white-space (Python's `str.split()`; datatrove's language tokenizer is
///   replaced by white space, so CJK text without spaces has few, long words).
/// - `topNgramCharFrac` (n = 2, 3, 4): the most frequent n-gram (words joined by one space;
///   ties to the first seen) times its count, in characters, over the text's characters.
/// - `dupNgramCharFrac` (n = 5...10): datatrove's scan: walk the n-grams; an n-gram seen before
///   adds its characters (words joined without spaces) and the scan jumps n words; otherwise it
///   is remembered and the scan moves one word.
/// Characters are Unicode scalars. Words and n-grams are hashed to 64 bits (no String per word)
/// in a reusable open-addressing table; O(n) in the text's bytes.
public enum Repetition {
    /// The figures of one text, each a share in 0...1.
    public struct Result: Sendable, Equatable {
        public var dupLineFrac: Double = 0
        public var dupLineCharFrac: Double = 0
        public var dupParaFrac: Double = 0
        public var dupParaCharFrac: Double = 0
        /// Index 0, 1, 2 for n = 2, 3, 4.
        public var topNgramCharFrac: [Double] = [0, 0, 0]
        /// Index 0...5 for n = 5...10.
        public var dupNgramCharFrac: [Double] = [0, 0, 0, 0, 0, 0]
        /// Words (white-space separated) in the text.
        public var words: Int = 0

        /// The most frequent n-gram's character share, n in 2...4.
        public func topNgram(_ n: Int) -> Double { topNgramCharFrac[n - 2] }
        /// The share of characters in duplicated n-grams, n in 5...10.
        public func dupNgram(_ n: Int) -> Double { dupNgramCharFrac[n - 5] }
    }

    /// Verdict thresholds: a text is repetitive when any figure is above its threshold.
    ///
    /// Gopher's values (datatrove's defaults) are line 0.30, paragraph 0.30, line characters
    /// 0.20, paragraph characters 0.20, top 2/3/4-gram 0.20/0.18/0.16, duplicated 5...10-grams
    /// 0.15/0.14/0.13/0.12/0.11/0.10. Reasoning repeats itself by nature ("Wait, let me check",
    /// the same equation rewritten), so the defaults are recalibrated; see `default`.
    public struct Thresholds: Sendable, Equatable {
        public var dupLineFrac: Double
        public var dupParaFrac: Double
        public var dupLineCharFrac: Double
        public var dupParaCharFrac: Double
        /// For n = 2, 3, 4.
        public var topNgramCharFrac: [Double]
        /// For n = 5...10.
        public var dupNgramCharFrac: [Double]
        /// Texts with fewer words are never repetitive: their fractions are noise (Gopher itself
        /// drops documents under 50 words). Default 100.
        public var minWords: Int

        public init(dupLineFrac: Double, dupParaFrac: Double, dupLineCharFrac: Double,
                    dupParaCharFrac: Double, topNgramCharFrac: [Double], dupNgramCharFrac: [Double],
                    minWords: Int = 100) {
            self.minWords = minWords
            self.dupLineFrac = dupLineFrac
            self.dupParaFrac = dupParaFrac
            self.dupLineCharFrac = dupLineCharFrac
            self.dupParaCharFrac = dupParaCharFrac
            self.topNgramCharFrac = topNgramCharFrac
            self.dupNgramCharFrac = dupNgramCharFrac
        }

        /// Gopher's thresholds, as datatrove sets them, for web text.
        public static let gopher = Thresholds(
            dupLineFrac: 0.30, dupParaFrac: 0.30, dupLineCharFrac: 0.20, dupParaCharFrac: 0.20,
            topNgramCharFrac: [0.20, 0.18, 0.16],
            dupNgramCharFrac: [0.15, 0.14, 0.13, 0.12, 0.11, 0.10], minWords: 0)

        /// Ponder's defaults for reasoning: line and paragraph fractions 0.65, their character
        /// fractions 0.30, top 2/3/4-gram 0.25, duplicated 5...10-grams 0.40, 0.35, 0.32, 0.30,
        /// 0.28, 0.26, at least 100 words.
        ///
        /// Calibration on `shared/data/real` (`RealDataTests`, `PONDER_CALIBRATE=1` prints every
        /// figure). Healthy long reasoning (the 36 amc23 traces that closed their thinking and do
        /// not end in a loop) reaches at most: duplicate lines 0.42 and paragraphs 0.33 (display
        /// math puts `\[` and `\]` on lines of their own), their characters 0.10, top 2/3/4-gram
        /// 0.08, duplicated 5...10-grams 0.29, 0.23, 0.20, 0.18, 0.16, 0.15. Gopher's thresholds
        /// flag 13 of those 36 healthy traces (17 of 40 in the file), 327 of the 800 short plain
        /// chains of thought of `math_cot_100.jsonl` and 246 of the 1000 numina answers. The 28
        /// cut-off traces that end in a verbatim loop (25 in aime24, 3 in amc23) sit at 0.69 to
        /// 0.98 duplicate lines, 0.63 to 0.97 duplicate line characters, 0.52 to 0.79 in
        /// duplicated 5...10-grams; the one cut-off trace without a verbatim loop (aime24 #20, an
        /// enumeration of cases) at 0.40, 0.35, 0.40, 0.29, 0.29, 0.31 in duplicated 5...10-grams.
        /// With these defaults: amc23 3 of 40 flagged (its 3 cut-off loops),
        /// aime24 26 of 30 (exactly the 26 cut off), math_cot 0 of 800, tool use 0 of 112,
        /// numina 0 of 1000. Raised above Gopher because short templated solutions (repeated
        /// table rows, `\text{Area of } P = \frac{1}{2} \times 24`) exceeded them and were
        /// read and judged healthy; the top n-gram figures separate nothing on long reasoning.
        public static let `default` = Thresholds(
            dupLineFrac: 0.65, dupParaFrac: 0.65, dupLineCharFrac: 0.30, dupParaCharFrac: 0.30,
            topNgramCharFrac: [0.25, 0.25, 0.25],
            dupNgramCharFrac: [0.40, 0.35, 0.32, 0.30, 0.28, 0.26])
    }

    /// The verdict: at least `minWords` words and any figure strictly above its threshold
    /// (datatrove's comparison).
    public static func isRepetitive(_ r: Result, thresholds t: Thresholds = .default) -> Bool {
        if r.words < t.minWords { return false }
        if r.dupLineFrac > t.dupLineFrac || r.dupParaFrac > t.dupParaFrac { return true }
        if r.dupLineCharFrac > t.dupLineCharFrac || r.dupParaCharFrac > t.dupParaCharFrac { return true }
        for k in 0..<3 where r.topNgramCharFrac[k] > t.topNgramCharFrac[k] { return true }
        for k in 0..<6 where r.dupNgramCharFrac[k] > t.dupNgramCharFrac[k] { return true }
        return false
    }

    /// Measures `text` (see the type's documentation). An empty text gives all zeros.
    /// `characters`: the text's length in Unicode scalars when the caller has counted it already.
    public static func measure(_ text: String, characters: Int? = nil, scratch: Scratch? = nil) -> Result {
        var copy = text
        return copy.withUTF8 { measure(utf8: UnsafeRawBufferPointer($0), characters: characters, scratch: scratch) }
    }

    /// `measure(_:)` on UTF-8 bytes. `scratch` is working memory kept between calls (one per
    /// thread); without it the call allocates its own.
    public static func measure(utf8 bytes: UnsafeRawBufferPointer, characters: Int? = nil,
                               scratch: Scratch? = nil) -> Result {
        var result = Result()
        let totalChars = characters ?? Lengths.scalars(utf8: bytes)
        guard totalChars > 0 else { return result }
        let total = Double(totalChars)
        let work = scratch ?? Scratch()
        var table = work.table

        // Lines and paragraphs are at most the newlines plus one: tables sized by that do not grow
        // mid-pass (a grown table was reallocated smaller, and the next text's word passes
        // reallocated it again: 2% of a scan went to clearing fresh tables). Capped by the table
        // already there, so that many short equal lines still take a small table.
        let lineKeys = min(newlineCount(bytes) + 2, max(table.allocated / 2, 4096))

        // Paragraphs: strip, split on \n{2,}.
        var lo = 0
        var hi = bytes.count
        while lo < hi, isASCIISpace(bytes[lo]) { lo += 1 }
        while hi > lo, isASCIISpace(bytes[hi - 1]) { hi -= 1 }
        do {
            var elements = 0
            var dups = 0
            var dupChars = 0
            table.reset(expected: lineKeys / 2 + 1)
            var start = lo
            var i = lo
            while i < hi {
                if bytes[i] == 0x0A, i + 1 < hi, bytes[i + 1] == 0x0A {
                    elements += 1
                    if !table.insert(hashBytes(bytes, start, i)) {
                        dups += 1
                        dupChars += scalars(bytes, start, i)
                    }
                    var j = i
                    while j < hi, bytes[j] == 0x0A { j += 1 }
                    start = j
                    i = j
                } else {
                    i = nextNewline(bytes, i + 1, hi)
                }
            }
            elements += 1
            if !table.insert(hashBytes(bytes, start, hi)) {
                dups += 1
                dupChars += scalars(bytes, start, hi)
            }
            result.dupParaFrac = Double(dups) / Double(elements)
            result.dupParaCharFrac = Double(dupChars) / total
        }

        // Lines: the whole text split on \n+.
        do {
            var elements = 0
            var dups = 0
            var dupChars = 0
            table.reset(expected: lineKeys)
            var start = 0
            var i = 0
            let n = bytes.count
            while i <= n {
                if i == n || bytes[i] == 0x0A {
                    elements += 1
                    if !table.insert(hashBytes(bytes, start, i)) {
                        dups += 1
                        dupChars += scalars(bytes, start, i)
                    }
                    var j = i
                    while j < n, bytes[j] == 0x0A { j += 1 }
                    if i == n { break }
                    start = j
                    i = j
                    if j == n {  // text ends with \n: Python's split yields a last empty element
                        elements += 1
                        if !table.insert(hashBytes(bytes, n, n)) { dups += 1 }
                        break
                    }
                } else {
                    i = nextNewline(bytes, i + 1, n)
                }
            }
            result.dupLineFrac = Double(dups) / Double(elements)
            result.dupLineCharFrac = Double(dupChars) / total
        }

        // Words: hashes and, in `charsBefore`, the characters of the words before each.
        work.reserve(words: bytes.count / 2 + 2)
        let wordHash = work.wordHash
        let charsBefore = work.charsBefore
        var words = 0
        do {
            let byteKind = Self.byteKind
            var i = 0
            let n = bytes.count
            var chars = 0
            charsBefore[0] = 0
            while i < n {
                let lead = byteKind[Int(bytes[i])]
                if lead == 1 { i += 1; continue }                                   // ASCII white space
                if lead == 2 { let w = whiteSpaceLength(bytes, i); if w > 0 { i += w; continue } }
                let start = i
                var continuation = 0
                // 8 bytes at a time over printable ASCII (0x21...0x7F: never white space); the
                // loop below decides at the first other byte.
                while i + 8 <= n {
                    let v = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let printable = ((v & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x5F5F_5F5F_5F5F_5F5F) & ~v & 0x8080_8080_8080_8080
                    let other = ~printable & 0x8080_8080_8080_8080
                    if other != 0 { i += other.trailingZeroBitCount >> 3; break }
                    i += 8
                }
                while i < n {
                    let b = bytes[i]
                    let kind = byteKind[Int(b)]
                    if kind == 0 { i += 1; continue }                                // ASCII word byte
                    if kind == 3 { continuation &+= b & 0xC0 == 0x80 ? 1 : 0; i += 1; continue }  // other UTF-8
                    if kind == 1 || whiteSpaceLength(bytes, i) > 0 { break }       // white space
                    i += 1                                                           // a lead byte, not space
                }
                chars &+= i - start - continuation
                wordHash[words] = hashBytes(bytes, start, i)
                words += 1
                charsBefore[words] = chars
            }
        }
        result.words = words
        guard words >= 2 else { work.table = table; return result }

        // g[i]: running hash of the n-gram starting at word i, extended one word per n (its key in
        // the table).
        // repeatable[i]: the n-gram at i may occur twice. An (n+1)-gram that occurs twice has
        // an n-gram prefix and an n-gram suffix that occur twice, so once the n-gram at i or at
        // i + 1 is unique, the (n+1)-gram at i is too: the passes only touch the table where
        // repetition is possible.
        let g = work.g
        let repeatable = work.repeatable
        g.update(from: wordHash, count: words)
        repeatable.update(repeating: 1, count: words)
        var top = [0.0, 0.0, 0.0]
        var dup = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]

        // n = 2...4, one counting pass each: a position stays repeatable when its n-gram's count
        // reaches 2 (the first occurrence is marked back through the table's `first`).
        for n in 2...4 where words >= n {
            let last = words - n
            var active = 0
            if n == 2 {
                for i in 0...last { g[i] = ngramStep(g[i], wordHash[i + 1]) }
                active = last + 1
            } else {
                // The n-gram at i occurs twice only if the (n-1)-grams at i and at i + 1, its
                // prefix and its suffix, both do.
                for i in 0...last {
                    g[i] = ngramStep(g[i], wordHash[i + n - 1])
                    let r = repeatable[i] & repeatable[i + 1]
                    repeatable[i] = r
                    active &+= Int(r)
                }
            }
            for i in (last + 1)..<words { repeatable[i] = 0 }
            table.reset(expected: active)
            var maxCount: Int32 = 1
            var maxFirst = 0
            for i in 0...last where repeatable[i] != 0 {
                if i + prefetchDistance <= last { table.prefetch(g[i + prefetchDistance]) }
                let (first, c) = table.count(g[i], at: Int32(truncatingIfNeeded: i))
                if c == 1 {
                    repeatable[i] = 0
                } else {
                    if c == 2 { repeatable[Int(first)] = 1 }
                    // Counter.most_common(1): the highest count, ties to the first seen.
                    if c > maxCount || (c == maxCount && Int(first) < maxFirst) {
                        maxCount = c
                        maxFirst = Int(first)
                    }
                }
            }
            if n <= 4 {
                // Its length is its words joined by single spaces.
                let len = charsBefore[maxFirst + n] - charsBefore[maxFirst] + n - 1
                top[n - 2] = Double(len) * Double(maxCount) / total
            }
        }
        // Characters in duplicated 5...10-grams, datatrove's scan. An n-gram whose prefix or
        // suffix occurs once occurs once too: it can neither hit nor be hit, and is stepped over
        // without the table. (Counting the 5-grams exactly first cost more than the probes it
        // spared the scans.)
        for n in 5...10 where words >= n {
            let end = words - n + 1
            var active = 0
            for i in 0..<end {
                g[i] = ngramStep(g[i], wordHash[i + n - 1])
                let r = repeatable[i] & repeatable[i + 1]
                repeatable[i] = r
                active &+= Int(r)
            }
            if active == 0 { break }
            table.reset(expected: active)
            var repeated = 0
            var idx = 0
            while idx < end {
                if repeatable[idx] == 0 { idx += 1; continue }
                if idx + prefetchDistance < end { table.prefetch(g[idx + prefetchDistance]) }
                if table.insert(g[idx]) {
                    idx += 1
                } else {
                    repeated += charsBefore[idx + n] - charsBefore[idx]
                    idx += n
                }
            }
            dup[n - 5] = Double(repeated) / total
            // No duplicate n-gram means no duplicate longer one: the rest stay 0.
            if repeated == 0 { break }
        }
        result.topNgramCharFrac = top
        result.dupNgramCharFrac = dup
        work.table = table
        return result
    }

    /// How many positions ahead the n-gram passes prefetch their table slots: the probes are
    /// random, and the table (16 bytes a slot, twice the n-grams) is larger than L1.
    static let prefetchDistance = 12

    /// Word scanning classes of a byte: 0 ASCII non-space, 1 ASCII white space (with
    /// U+001C...U+001F), 2 a lead byte of a possible Unicode white space, 3 any other byte.
    static let byteKind: [UInt8] = (0..<256).map { b -> UInt8 in
        if b < 0x80 { return (b == 0x20 || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F)) ? 1 : 0 }
        return b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 ? 2 : 3
    }

    /// Working memory of `measure`, grown to the longest text seen and reused: one per thread
    /// (not thread-safe). Reuse spares the allocation and the kernel's zeroing of fresh pages
    /// for every trace.
    public final class Scratch: @unchecked Sendable {
        var table = CountTable()
        var wordHash: UnsafeMutablePointer<UInt64>
        var g: UnsafeMutablePointer<UInt64>
        var charsBefore: UnsafeMutablePointer<Int>
        var repeatable: UnsafeMutablePointer<UInt8>
        var capacity = 0

        public init() {
            wordHash = .allocate(capacity: 1)
            g = .allocate(capacity: 1)
            charsBefore = .allocate(capacity: 2)
            repeatable = .allocate(capacity: 1)
            capacity = 1
        }

        deinit {
            table.deallocate()
            wordHash.deallocate(); g.deallocate(); charsBefore.deallocate(); repeatable.deallocate()
        }

        /// Room for `words` words (uninitialised: `measure` writes before it reads).
        func reserve(words: Int) {
            guard words > capacity else { return }
            wordHash.deallocate(); g.deallocate(); charsBefore.deallocate(); repeatable.deallocate()
            capacity = max(words, capacity * 2)
            wordHash = .allocate(capacity: capacity)
            g = .allocate(capacity: capacity)
            charsBefore = .allocate(capacity: capacity + 1)
            repeatable = .allocate(capacity: capacity)
        }
    }

    /// The number of `\n` bytes in `bytes`, 8 at a time.
    static func newlineCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let x = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            count &+= zeroBytes(x).nonzeroBitCount
            i += 8
        }
        while i < n { count &+= bytes[i] == 0x0A ? 1 : 0; i += 1 }
        return count
    }

    /// The index of the first `\n` in `bytes[from..<to]`, or `to` (memchr: SIMD in libc).
    @inline(__always)
    static func nextNewline(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return to }
        guard let hit = memchr(base + from, 0x0A, to - from) else { return to }
        return UnsafeRawPointer(hit) - base
    }

    @inline(__always)
    static func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }

    /// Bytes of the white space scalar at `i` (0 when not white space): ASCII white space,
    /// U+0085, U+00A0, U+1680, U+2000...U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, as
    /// Python's `str.split()` knows them (plus U+001C...U+001F).
    @inline(__always)
    static func whiteSpaceLength(_ bytes: UnsafeRawBufferPointer, _ i: Int) -> Int {
        let b = bytes[i]
        if b > 0x20 && b < 0x80 { return 0 }
        if b < 0x80 { return isASCIISpace(b) || (b >= 0x1C && b <= 0x1F) ? 1 : 0 }
        let n = bytes.count
        if b == 0xC2, i + 1 < n { return bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0 ? 2 : 0 }
        if b == 0xE1, i + 2 < n { return bytes[i + 1] == 0x9A && bytes[i + 2] == 0x80 ? 3 : 0 }
        if b == 0xE2, i + 2 < n {
            let c = bytes[i + 1]
            let d = bytes[i + 2]
            if c == 0x80 && (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF) { return 3 }
            if c == 0x81 && d == 0x9F { return 3 }
            return 0
        }
        if b == 0xE3, i + 2 < n { return bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80 ? 3 : 0 }
        return 0
    }

    @inline(__always)
    static func scalars(_ bytes: UnsafeRawBufferPointer, _ a: Int, _ b: Int) -> Int {
        var c = 0
        var i = a
        while i < b { if bytes[i] & 0xC0 != 0x80 { c += 1 }; i += 1 }
        return c
    }

    /// A hash of the bytes `a..<b`, 8 bytes at a time, then a 64-bit finaliser (never 0: 0
    /// marks an empty slot).
    @inline(__always)
    static func hashBytes(_ bytes: UnsafeRawBufferPointer, _ a: Int, _ b: Int) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(b - a)
        var i = a
        while i + 8 <= b {
            let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = ((h << 31) | (h >> 33)) ^ w
            h = h &* 0x9E37_79B9_7F4A_7C15
            i += 8
        }
        // The last 0...7 bytes, little-endian.
        let tail = littleEndianPrefix(bytes, i, b - i)
        h = (((h << 31) | (h >> 33)) ^ tail) &* 0x9E37_79B9_7F4A_7C15
        return finalise(h)
    }

    @inline(__always)
    static func ngramStep(_ g: UInt64, _ word: UInt64) -> UInt64 {
        (((g << 29) | (g >> 35)) ^ word) &* 0xBF58_476D_1CE4_E5B9
    }

    @inline(__always)
    static func finalise(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return z == 0 ? 1 : z
    }

    /// Open-addressing hash table from 64-bit keys to a count and the position of the key's first
    /// occurrence, reused across the passes of `measure`. A slot's key keeps the top 56 bits of
    /// the key and, in its low byte, the pass (`epoch`, 1...255) that wrote it: a slot of an
    /// earlier pass reads as empty, so `reset` clears nothing but every 255th pass (clearing the
    /// table before every pass was 4% of a scan). One 16-byte entry per slot, so a probe touches
    /// one cache line. Manually managed storage (freed by `deallocate()`) keeps the hot loops free
    /// of copy-on-write checks.
    struct CountTable {
        struct Entry {
            var key: UInt64
            var count: Int32
            var first: Int32
        }
        static let empty = Entry(key: 0, count: 0, first: 0)
        var entries: UnsafeMutablePointer<Entry>
        var allocated: Int
        var mask = 15
        /// A key's home slot is its top bits (`key >> shift`): the n-gram hashes are products,
        /// whose top bits mix all of their input, so they need no finaliser.
        var shift: UInt64 = 60
        var used = 0
        /// The current pass, in every live slot's low byte; never 0, the byte of a cleared slot.
        var epoch: UInt64 = 1
        /// Slots at or above this have not been written since the table was last cleared.
        var dirty = 0

        init() {
            allocated = 16
            entries = .allocate(capacity: 16)
            entries.initialize(repeating: Self.empty, count: 16)
        }

        func deallocate() { entries.deallocate() }

        /// Empties the table for a pass of about `expected` keys.
        mutating func reset(expected: Int) {
            var capacity = 16
            while capacity < expected * 2 { capacity <<= 1 }
            if allocated < capacity {
                deallocate()
                entries = .allocate(capacity: capacity)
                entries.initialize(repeating: Self.empty, count: capacity)
                allocated = capacity
                epoch = 1
                dirty = 0
            } else if epoch == 255 {
                // Only the slots below the largest capacity since the last clear were written: a
                // table sized once for a long text is not cleared whole for every short one.
                entries.update(repeating: Self.empty, count: dirty)
                epoch = 1
                dirty = 0
            } else {
                epoch += 1
            }
            mask = capacity - 1
            shift = UInt64(64 - capacity.trailingZeroBitCount)
            used = 0
            dirty = max(dirty, capacity)
        }

        /// Brings the home slot of `key` into the cache ahead of its `count` or `insert`.
        @inline(__always)
        func prefetch(_ key: UInt64) {
            ponder_prefetch(entries + Int(truncatingIfNeeded: key >> shift))
        }

        /// Counts one more occurrence of `key` at `position`; returns the position of its first
        /// occurrence and its new count.
        @inline(__always)
        mutating func count(_ key: UInt64, at position: Int32) -> (first: Int32, count: Int32) {
            if (used + 1) * 2 > mask + 1 { grow() }
            let stored = (key & ~0xFF) | epoch
            var slot = Int(truncatingIfNeeded: key >> shift)
            while true {
                let k = entries[slot].key
                if k == stored {
                    entries[slot].count += 1
                    return (entries[slot].first, entries[slot].count)
                }
                if k & 0xFF != epoch {
                    entries[slot] = Entry(key: stored, count: 1, first: position)
                    used += 1
                    return (position, 1)
                }
                slot = (slot + 1) & mask
            }
        }

        /// Inserts `key`; false when it was already there.
        @inline(__always)
        mutating func insert(_ key: UInt64) -> Bool {
            count(key, at: 0).count == 1
        }

        /// Twice the slots, the live entries moved over (a pass with more keys than expected).
        mutating func grow() {
            let old = entries
            let oldCapacity = mask + 1
            defer { old.deallocate() }
            let capacity = oldCapacity * 2
            entries = .allocate(capacity: capacity)
            entries.initialize(repeating: Self.empty, count: capacity)
            allocated = capacity
            dirty = capacity
            mask = capacity - 1
            shift = UInt64(64 - capacity.trailingZeroBitCount)
            for i in 0..<oldCapacity where old[i].key & 0xFF == epoch {
                var slot = Int(truncatingIfNeeded: old[i].key >> shift)
                while entries[slot].key & 0xFF == epoch { slot = (slot + 1) & mask }
                entries[slot] = old[i]
            }
        }
    }
}
