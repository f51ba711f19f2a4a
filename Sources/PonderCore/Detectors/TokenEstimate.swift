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
    public static func count(utf8 bytes: UnsafeRawBufferPointer) -> Int {
        var tokens = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if isASCIILetter(b) {
                    var j = i + 1
                    while j < n, isASCIILetter(bytes[j]) { j += 1 }
                    tokens += 1 + (j - i - 1) / 6
                    i = j
                } else if b >= 0x30 && b <= 0x39 {
                    tokens += 1
                    i += 1
                } else if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    var j = i
                    var newline = false
                    while j < n, bytes[j] == 0x20 || (bytes[j] >= 0x09 && bytes[j] <= 0x0D) {
                        if bytes[j] == 0x0A { newline = true }
                        j += 1
                    }
                    if newline { tokens += 1 }
                    i = j
                } else {
                    // A run of ASCII punctuation: BPE merges common pairs (`\(`, `),`, `^{`).
                    var j = i + 1
                    while j < n, bytes[j] == b { j += 1 }
                    if j - i > 2 {
                        tokens += (j - i + 3) / 4
                        i = j
                        continue
                    }
                    j = i + 1
                    while j < n, isASCIIPunctuation(bytes[j]), bytes[j] != bytes[j - 1] { j += 1 }
                    tokens += (j - i + 1) / 2
                    i = j
                }
                continue
            }
            // Non-ASCII: decode the scalar.
            let (scalar, length) = decodeScalar(bytes, at: i)
            if isCJK(scalar) {
                tokens += 1
                i += length
            } else if isLetterLike(scalar) {
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
                i = j
            } else {
                tokens += 1
                i += length
            }
        }
        return tokens
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
