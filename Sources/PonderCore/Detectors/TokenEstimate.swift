import CGuard

/// An estimate of the number of BPE tokens of a text, without a tokenizer (GUIDE §3, Lengths).
///
/// Method, one pass over the UTF-8 bytes, no allocation:
/// - a run of ASCII letters (a word, with the space before it) of length L counts
///   `1 + (L - 1) / 6` tokens: common English words are one token in the GPT-4 (cl100k) and
///   Qwen2 vocabularies, long or rare words split into pieces of about 4 to 6 letters;
/// - every ASCII digit is one token (Qwen2 and DeepSeek split numbers into single digits;
///   cl100k groups up to 3, so this overcounts number-heavy text for cl100k);
/// - a run of ASCII punctuation counts one token per 2 bytes (BPE merges `\(`, `),`, `^{`),
///   and a run of one repeated byte (`----`, `====`, `...`) one token per 4 bytes;
/// - a run of white space holding a newline is one token; other white space is free (it is
///   merged into the next word's token);
/// - CJK scalars (Han, kana, Hangul) are one token each;
/// - other non-ASCII letters (Cyrillic, Greek, Arabic, accented Latin...) count one token
///   per 2 scalars of a run; other non-ASCII scalars (symbols, emoji, U+FFFD) one each.
///
/// Error against a real tokenizer. No tokenizer's vocabulary can be downloaded where Ponder is
/// built, so the estimate was checked against a real cap instead: the 29 generations of the two
/// Sky-T1 files in `shared/data/real` that stop before `<|end_of_thought|>` were cut by the
/// generation cap of the Qwen2.5 tokenizer, assumed to be Sky-T1's evaluation default of
/// 32,768 tokens (the files do not state it). The estimates of those whole generations
/// (English math reasoning, heavy in LaTeX and digits) range from 29,813 to 38,643, median
/// 34,857: about +6% at the median, -9% to +18% per trace. Expect worse on prose in other
/// languages and on code, which were not measured. `RealDataTests` keeps the figure checked.
public enum TokenEstimate {
    /// The estimated number of tokens of `s` (see the type's documentation for the method
    /// and its error). 0 for an empty text.
    public static func count(_ s: String) -> Int {
        var copy = s
        return copy.withUTF8 { count(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// The estimated number of tokens of the valid UTF-8 `bytes`.
    ///
    /// 64 bytes at a time: the bytes' classes become bit masks (`Classes`), and a block of
    /// letters, digits, white space and punctuation is counted from them without a branch per
    /// run. A block holding non-ASCII or control bytes, or a byte repeated three times in
    /// punctuation, is read unit by unit (`unit`), which is the definition.
    public static func count(utf8 bytes: UnsafeRawBufferPointer) -> Int {
        var tokens = 0
        var i = 0
        let n = bytes.count
        while i + 64 <= n {
            let classes = Classes(bytes, at: i)
            let changes = classes.changes
            guard changes != 0 else {  // 64 bytes of one class
                let end = i + 64
                while i < end { i = unit(bytes, at: i, tokens: &tokens) }
                continue
            }
            // Blocks end where the class changes, so every run in one ends inside it and the next
            // block starts a unit.
            let end = 63 - changes.leadingZeroBitCount
            let block = (UInt64(1) << UInt64(end)) &- 1
            if (classes.other | classes.repeatedPunctuation) & block != 0 {
                let stop = i + end
                while i < stop { i = unit(bytes, at: i, tokens: &tokens) }
                continue
            }
            tokens += classes.tokens(in: block)
            i += end
        }
        while i < n { i = unit(bytes, at: i, tokens: &tokens) }
        return tokens
    }

    /// Counts the unit that starts at `i` (a run of letters, a digit, a run of white space, a run
    /// of punctuation, a non-ASCII scalar or run of letters) and returns where the next starts.
    @inline(__always)
    static func unit(_ bytes: UnsafeRawBufferPointer, at i: Int, tokens: inout Int) -> Int {
        let n = bytes.count
        let b = bytes[i]
        if b < 0x80 {
            if isASCIILetter(b) {
                var j = i + 1
                while j < n, isASCIILetter(bytes[j]) { j += 1 }
                tokens += 1 + (j - i - 1) / 6
                return j
            }
            if b >= 0x30 && b <= 0x39 {
                tokens += 1
                return i + 1
            }
            if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                var j = i
                var newline = false
                while j < n, bytes[j] == 0x20 || (bytes[j] >= 0x09 && bytes[j] <= 0x0D) {
                    if bytes[j] == 0x0A { newline = true }
                    j += 1
                }
                if newline { tokens += 1 }
                return j
            }
            // A run of ASCII punctuation: BPE merges common pairs (`\(`, `),`, `^{`).
            var j = i + 1
            while j < n, bytes[j] == b { j += 1 }
            if j - i > 2 {
                tokens += (j - i + 3) / 4
                return j
            }
            j = i + 1
            while j < n, isASCIIPunctuation(bytes[j]), bytes[j] != bytes[j - 1] { j += 1 }
            tokens += (j - i + 1) / 2
            return j
        }
        // Non-ASCII: decode the scalar.
        let (scalar, length) = decodeScalar(bytes, at: i)
        if isCJK(scalar) {
            tokens += 1
            return i + length
        }
        if isLetterLike(scalar) {
            // A run of non-ASCII letters (with ASCII letters mixed in, as in accented words).
            var run = 0
            var j = i
            while j < n {
                let c = bytes[j]
                if c < 0x80 {
                    if isASCIILetter(c) { run += 1; j += 1; continue }
                    break
                }
                let (next, len) = decodeScalar(bytes, at: j)
                if isCJK(next) || !isLetterLike(next) { break }
                run += 1
                j += len
            }
            tokens += (run + 1) / 2
            return j
        }
        tokens += 1
        return i + length
    }

    /// The byte classes of a 64-byte block that the token estimate reads, bit k for the block's
    /// byte k (C: SSE2's byte compares, which Swift cannot express), and what it derives from them.
    struct Classes {
        let c: ponder_byte_classes_t

        @inline(__always)
        init(_ bytes: UnsafeRawBufferPointer, at i: Int) {
            c = ponder_token_classes((bytes.baseAddress! + i).assumingMemoryBound(to: UInt8.self))
        }

        /// Control and non-ASCII bytes.
        var other: UInt64 { ~(c.letters | c.digits | c.spaces | c.punctuation) }

        /// Bytes after which the class changes (bit k: byte k's class is not byte k - 1's).
        var changes: UInt64 {
            ((c.letters ^ (c.letters << 1)) | (c.digits ^ (c.digits << 1)) | (c.spaces ^ (c.spaces << 1))
                | (c.punctuation ^ (c.punctuation << 1))) & ~1
        }

        /// Punctuation bytes that are the third of three equal bytes (`...`, `---`).
        var repeatedPunctuation: UInt64 {
            let splits = c.equal_to_previous & c.punctuation & (c.punctuation << 1)
            return splits & (splits << 1)
        }

        /// The tokens of the bytes in `block` (bits 0 to at most 62), which holds no `other` and
        /// no `repeatedPunctuation` byte and ends where a run ends: `unit`'s count, from masks.
        func tokens(in block: UInt64) -> Int {
            // Letter runs: one token, and one more for every 6 letters after the first.
            let l = c.letters & block
            var t = (l & ~(l << 1)).nonzeroBitCount
            let sixth = l & (l << 1) & (l << 2) & (l << 3) & (l << 4) & (l << 5) & (l << 6)
            var later = sixth  // letters 6, 12, 18... or more after their run's first
            while later != 0 {
                t += (later & ~(later << 1)).nonzeroBitCount
                later = sixth & (later << 6)
            }
            t += (c.digits & block).nonzeroBitCount
            // White space runs holding a newline: all runs, less those without one. A run of
            // non-newline space that opens a white space run, plus its first bit, carries to the
            // bit past it; that bit is outside the white space only when the run is all of it.
            let s = c.spaces & block
            let quiet = s & ~c.newlines
            let opening = quiet & ~(quiet << 1) & ~(s << 1)
            let withoutNewline = (quiet &+ opening) & ~quiet & ~s
            t += (s & ~(s << 1)).nonzeroBitCount - withoutNewline.nonzeroBitCount
            // Punctuation runs, split before a byte equal to the one before it (no three equal
            // bytes here): (length + 1) / 2 tokens a piece.
            let p = c.punctuation & block
            let splits = c.equal_to_previous & p & (p << 1)
            var starts = (p & ~(p << 1)) | splits
            var ends = ((p << 1) & ~p) | splits
            while starts != 0 {
                t += (ends.trailingZeroBitCount - starts.trailingZeroBitCount + 1) >> 1
                starts &= starts &- 1
                ends &= ends &- 1
            }
            return t
        }
    }

    @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }

    @inline(__always)
    static func isASCIIPunctuation(_ b: UInt8) -> Bool {
        b > 0x20 && b < 0x7F && !isASCIILetter(b) && !(b >= 0x30 && b <= 0x39)
    }

    @inline(__always)
    static func isCJK(_ v: UInt32) -> Bool {
        (v >= 0x3040 && v <= 0x30FF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF)
            || (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0x20000 && v <= 0x3FFFF)
            || (v >= 0x1100 && v <= 0x11FF) || (v >= 0x3130 && v <= 0x318F)
    }

    /// Letters of alphabetic scripts outside ASCII: Latin-1 to Armenian, Hebrew, Arabic,
    /// Indic, Thai, Georgian, Latin Extended Additional and Greek Extended.
    @inline(__always)
    static func isLetterLike(_ v: UInt32) -> Bool {
        (v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7) || (v >= 0x370 && v <= 0x58F)
            || (v >= 0x5D0 && v <= 0x5EA) || (v >= 0x620 && v <= 0x6FF) || (v >= 0x900 && v <= 0xDFF)
            || (v >= 0xE00 && v <= 0xE7F) || (v >= 0x10A0 && v <= 0x10FF) || (v >= 0x1E00 && v <= 0x1FFF)
    }
}

/// Decodes the scalar starting at `i` of valid UTF-8 `bytes`; returns its value and byte length.
/// A malformed or cut sequence yields U+FFFD with length 1, so scans always advance.
@inline(__always)
func decodeScalar(_ bytes: UnsafeRawBufferPointer, at i: Int) -> (UInt32, Int) {
    let b0 = UInt32(bytes[i])
    let n = bytes.count
    if b0 < 0x80 { return (b0, 1) }
    if b0 >= 0xC0 && b0 < 0xE0, i + 1 < n {
        return (((b0 & 0x1F) << 6) | (UInt32(bytes[i + 1]) & 0x3F), 2)
    }
    if b0 >= 0xE0 && b0 < 0xF0, i + 2 < n {
        return (((b0 & 0x0F) << 12) | ((UInt32(bytes[i + 1]) & 0x3F) << 6) | (UInt32(bytes[i + 2]) & 0x3F), 3)
    }
    if b0 >= 0xF0, i + 3 < n {
        return (((b0 & 0x07) << 18) | ((UInt32(bytes[i + 1]) & 0x3F) << 12)
            | ((UInt32(bytes[i + 2]) & 0x3F) << 6) | (UInt32(bytes[i + 3]) & 0x3F), 4)
    }
    return (0xFFFD, 1)
}
