import CGuard

/// Language mixing by script (GUIDE §3): the reasoning's letters written in a script that the
/// prompt does not use, with the foreign spans as UTF-8 byte offsets.
///
/// What counts as a letter. Scalars are classified into scripts by Unicode ranges
/// (`ScriptMix.Script`). Not letters of a language, so neither counted nor flagged:
/// - digits (ASCII and the native digits of Arabic, Indic, Thai... scripts), punctuation,
///   symbols, emoji, control characters, U+FFFD;
/// - LaTeX commands (`\alpha`, `\frac`): a backslash and the ASCII letters after it;
/// - fenced code blocks (```` ``` ```` to ```` ``` ````, or to the end when unclosed) and
///   inline code (`` `…` `` on one line, at most 256 bytes): code is not the language of the
///   reasoning, so a CJK comment in a code block is not mixing (a deliberate choice: code
///   comments follow the code base, not the conversation);
/// - inside math (`$…$` on one line, `$$…$$`, `\(…\)`, `\[…\]`, each closed within 4 KB),
///   Latin and Greek letters (variables, `\theta`). Other scripts inside math (a CJK
///   `\text{…}`) still count;
/// - Greek used as a symbol outside math: a run of at most 2 consecutive Greek letters
///   (θ, Δx, μm, αβ, 2π). A run of 3 or more Greek letters is a Greek word and counts.
///
/// Which scripts are allowed. The scripts of the prompt's letters (the same rules) are allowed,
/// even when the prompt uses them only in a quotation (a Bangla question answered in English
/// that quotes it is not mixed). In addition:
/// - Latin is always allowed. GUIDE §3's own example is a Bangla question answered with English
///   reasoning, which is not mixed; and prompts in any script carry Latin variable names,
///   units and technical terms. An English chain of thought for a non-English prompt is the
///   language-consistency detector's job, not this one's;
/// - a prompt with kana (Hiragana or Katakana) is Japanese and allows Han, Hiragana, Katakana;
///   a prompt with Hangul allows Han; a prompt with Han and no kana is Chinese and allows Han
///   only (kana in its reasoning are foreign);
/// - a prompt with no letters (absent, or only digits and symbols) gives no evidence: the
///   reasoning's most frequent script by letters (with its companions above) is allowed, so an
///   English chain of thought with Chinese in it is mixed, a Chinese one with English terms not.
///
/// Spans: a run of foreign letters, merged across non-letters (spaces, punctuation, digits,
/// Greek symbols) up to 64 bytes long between letters of the same foreign script. An allowed
/// letter, a letter of another foreign script, a LaTeX command, math or code ends a span.
///
/// Calibration on `shared/data/real` (reasoning extracted per GUIDE §2; default threshold of
/// 2 foreign letters; `RealDataTests` checks these counts):
/// - `Sky-T1-math-corrupt-0.5-32B_amc23.jsonl`: 0 of 40 flagged;
/// - `Sky-T1-math-wrong-5K-14B_aime24.jsonl`: 0 of 30 flagged;
/// - `math_cot_100.jsonl`: 3 of 800 generations flagged, exactly the 3 token-salad generations
///   (records 25, 45, 48; 657 to 958 foreign letters each, in 11 to 16 scripts);
/// - `reason_tool_use_demo_50.jsonl`: 0 of 112 assistant turns flagged;
/// - `numina_cot_sharegpt_data_1k.jsonl` (no separate reasoning: the gpt turns were measured):
///   1 of 1000 flagged, record 681, an English problem answered in Russian: a true positive.
/// False positives found while calibrating, and how they are handled: 14 traces (2 in amc23,
/// 3 in aime24, 9 in numina) hold 2 to 878 Greek letters used as math (`tan(θ1)`, `πr²`,
/// `2ω^k`, `ρcosθ`, `$α$`, `\frac{π}{2}`) under English prompts without Greek; a plain
/// script count flags all 14. The math rule and the short-Greek-run rule clear all of them.
/// The micro sign U+00B5 is classified as Greek for the same reason; `×`, `÷` (Latin-1
/// block) and the letterlike and mathematical alphanumeric symbols (ℝ, 𝔽) are not letters.
public enum ScriptMix {
    /// The default verdict threshold: a trace is mixed when its reasoning holds at least this
    /// many foreign letters (a single two-character Chinese word in English reasoning).
    public static let defaultMinForeignLetters = 2

    /// A writing system, as far as Unicode ranges tell.
    public enum Script: UInt8, Sendable, CaseIterable, Comparable, Codable {
        case latin = 1, greek, cyrillic, armenian, hebrew, arabic, devanagari, bengali
        /// Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Sinhala.
        case otherIndic
        case thai, lao, tibetan, myanmar, georgian, ethiopic, khmer, hangul, hiragana, katakana, han
        /// Any other alphabetic scalar (Syriac, Thaana, Mongolian, Cherokee...).
        case other

        public static func < (a: Script, b: Script) -> Bool { a.rawValue < b.rawValue }

        var bit: UInt32 { 1 << UInt32(rawValue) }
    }

    /// The figures of one trace.
    public struct Result: Sendable, Equatable {
        /// Letters of the reasoning that were counted (see the type's rules).
        public var letters: Int
        /// Of those, letters in a script the prompt does not allow.
        public var foreignLetters: Int
        /// `foreignLetters / letters`, 0 when there are no letters.
        public var mix: Double
        /// UTF-8 byte offset ranges in the reasoning of the foreign runs, in order.
        public var spans: [Range<Int>]
        /// The foreign scripts met and the scripts the prompt allows, one bit per script
        /// (`Script.bit`); the lists below are built from them only when asked for.
        public var foreignMask: UInt32
        public var allowedMask: UInt32

        /// The foreign scripts met, sorted.
        public var foreignScripts: [Script] { Script.allCases.filter { foreignMask & $0.bit != 0 } }
        /// The scripts allowed by the prompt, sorted.
        public var allowedScripts: [Script] { Script.allCases.filter { allowedMask & $0.bit != 0 } }

        /// The verdict: at least `minForeignLetters` foreign letters (default 2).
        public func isMixed(minForeignLetters: Int = ScriptMix.defaultMinForeignLetters) -> Bool {
            foreignLetters >= minForeignLetters
        }
    }

    /// Measures the reasoning's letters in scripts that `prompt` does not allow. O(n) over the
    /// UTF-8 bytes of both texts.
    public static func measure(prompt: String, reasoning: String) -> Result {
        var p = prompt
        var r = reasoning
        return p.withUTF8 { pb in
            r.withUTF8 { rb in
                measure(prompt: UnsafeRawBufferPointer(pb), reasoning: UnsafeRawBufferPointer(rb))
            }
        }
    }

    /// `measure(prompt:reasoning:)` on UTF-8 bytes.
    public static func measure(prompt: UnsafeRawBufferPointer, reasoning: UnsafeRawBufferPointer) -> Result {
        var promptScripts: UInt32 = 0
        forEachLetter(prompt) { event in
            switch event {
            case .letter(let script, _, _): promptScripts |= script.bit
            case .latinLetters: promptScripts |= Script.latin.bit
            case .boundary: break
            }
        }
        var allowed = promptScripts | Script.latin.bit
        if promptScripts == 0 {
            var counts = [Int](repeating: 0, count: 32)
            forEachLetter(reasoning) { event in
                switch event {
                case .letter(let script, _, _): counts[Int(script.rawValue)] += 1
                case .latinLetters(let count): counts[Int(Script.latin.rawValue)] += count
                case .boundary: break
                }
            }
            if let top = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[top] > 0,
               let script = Script(rawValue: UInt8(top)) {
                allowed |= script.bit
            }
        }
        if allowed & (Script.hiragana.bit | Script.katakana.bit) != 0 {
            allowed |= Script.han.bit | Script.hiragana.bit | Script.katakana.bit
        }
        if allowed & Script.hangul.bit != 0 { allowed |= Script.han.bit }

        var letters = 0
        var foreign = 0
        var foreignMask: UInt32 = 0
        var spans: [Range<Int>] = []
        var spanScript: Script? = nil
        var spanStart = 0
        var spanEnd = 0
        let maxGap = 64
        forEachLetter(reasoning) { event in
            switch event {
            case .latinLetters(let count):
                // Latin is always allowed.
                letters += count
                if spanScript != nil {
                    spans.append(spanStart..<spanEnd)
                    spanScript = nil
                }
            case .letter(let script, let start, let end):
                letters += 1
                if allowed & script.bit != 0 {
                    if spanScript != nil {
                        spans.append(spanStart..<spanEnd)
                        spanScript = nil
                    }
                    return
                }
                foreign += 1
                foreignMask |= script.bit
                if spanScript == script && start - spanEnd <= maxGap {
                    spanEnd = end
                } else {
                    if spanScript != nil { spans.append(spanStart..<spanEnd) }
                    spanScript = script
                    spanStart = start
                    spanEnd = end
                }
            case .boundary:
                if spanScript != nil {
                    spans.append(spanStart..<spanEnd)
                    spanScript = nil
                }
            }
        }
        if spanScript != nil { spans.append(spanStart..<spanEnd) }
        return Result(
            letters: letters, foreignLetters: foreign,
            mix: letters == 0 ? 0 : Double(foreign) / Double(letters),
            spans: spans,
            foreignMask: foreignMask, allowedMask: allowed)
    }

    enum Event {
        /// A counted letter at UTF-8 bytes `start..<end`.
        case letter(Script, Int, Int)
        /// Counted ASCII letters (Latin) since the last event.
        case latinLetters(Int)
        /// Something that ends a foreign span: a LaTeX command, math, code.
        case boundary
    }

    /// Calls `body` for each counted letter of `bytes` and at each span boundary.
    @inline(__always)
    static func forEachLetter(_ bytes: UnsafeRawBufferPointer, blocks: Bool = true, _ body: (Event) -> Void) {
        let n = bytes.count
        var i = 0
        var mathEnd = -1  // while i < mathEnd, Latin and Greek are math
        var blockStart = -64
        var stops: UInt64 = 0
        var letters: UInt64 = 0
        let asciiClass = Self.asciiClass
        while i < n {
            // The common case, a run of ASCII that is not `, $ or \: letters are counted, not
            // reported one by one.
            var latin = 0
            // 64 bytes a step from the byte-class masks of the block at `blockStart` (kept while i
            // is inside it), then byte by byte near the end.
            while blocks && i + 64 <= n {
                if i >= blockStart + 64 {
                    blockStart = i
                    let c = ponder_script_classes((bytes.baseAddress! + i).assumingMemoryBound(to: UInt8.self))
                    stops = c.high | c.math_marks
                    letters = c.letters
                }
                let shift = UInt64(i - blockStart)
                let ahead = stops >> shift
                if ahead == 0 {
                    latin &+= (letters >> shift).nonzeroBitCount
                    i = blockStart + 64
                    continue
                }
                let run = ahead.trailingZeroBitCount
                latin &+= ((letters >> shift) & ((1 << UInt64(run)) &- 1)).nonzeroBitCount
                i += run
                break
            }
            while i < n {
                let c = asciiClass[Int(bytes[i])]
                if c > 1 { break }
                latin &+= Int(c)
                i += 1
            }
            if latin > 0 {
                // Letters inside math are not counted; math ends at or before a `$` or `\`, so
                // the run is either all inside or all outside it.
                if i - 1 >= mathEnd { body(.latinLetters(latin)) }
            }
            if i == n { break }
            let b = bytes[i]
            if b < 0x80 {
                switch b {
                case 0x60:  // `
                    if i + 2 < n && bytes[i + 1] == 0x60 && bytes[i + 2] == 0x60 {
                        let close = find3Backticks(bytes, from: i + 3)
                        body(.boundary)
                        i = close
                        continue
                    }
                    if let close = findByte(0x60, bytes, from: i + 1, limit: 256, stopAtNewline: true) {
                        body(.boundary)
                        i = close + 1
                        continue
                    }
                    i += 1
                case 0x24:  // $
                    if i >= mathEnd {
                        if i + 1 < n && bytes[i + 1] == 0x24 {
                            if let close = findPair(0x24, 0x24, bytes, from: i + 2, limit: 4096) {
                                body(.boundary)
                                mathEnd = close + 2
                                i += 2
                                continue
                            }
                        } else if let close = findByte(0x24, bytes, from: i + 1, limit: 4096, stopAtNewline: true) {
                            body(.boundary)
                            mathEnd = close + 1
                        }
                    }
                    i += 1
                case 0x5C:  // backslash
                    if i + 1 < n {
                        let next = bytes[i + 1]
                        if TokenEstimate.isASCIILetter(next) {
                            var j = i + 2
                            while j < n, TokenEstimate.isASCIILetter(bytes[j]) { j += 1 }
                            body(.boundary)
                            i = j
                            continue
                        }
                        if (next == 0x28 || next == 0x5B) && i >= mathEnd {
                            let closer: UInt8 = next == 0x28 ? 0x29 : 0x5D
                            if let close = findPair(0x5C, closer, bytes, from: i + 2, limit: 4096) {
                                body(.boundary)
                                mathEnd = close + 2
                                i += 2
                                continue
                            }
                        }
                    }
                    i += 1
                default:  // other ASCII bytes are consumed by the run above
                    i += 1
                }
                continue
            }
            let (v, len) = decodeScalar(bytes, at: i)
            guard let script = classify(v) else {
                i += len
                continue
            }
            if script == .greek {
                // A run of Greek letters: at most 2 is a symbol (θ, Δx, μm), more is a word.
                var j = i + len
                var run = 1
                while j < n, bytes[j] >= 0x80 {
                    let (w, l) = decodeScalar(bytes, at: j)
                    if classify(w) != .greek { break }
                    run += 1
                    j += l
                }
                if run > 2 && i >= mathEnd {
                    var k = i
                    while k < j {
                        let (_, l) = decodeScalar(bytes, at: k)
                        body(.letter(.greek, k, k + l))
                        k += l
                    }
                }
                i = j
                continue
            }
            if script == .latin && i < mathEnd {
                i += len
                continue
            }
            body(.letter(script, i, i + len))
            i += len
        }
    }

    /// Byte classes for `forEachLetter`'s fast path: 0 ASCII other, 1 ASCII letter, 2 a backtick,
    /// `$` or backslash, 3 a non-ASCII byte.
    static let asciiClass: [UInt8] = (0..<256).map { b -> UInt8 in
        if b >= 0x80 { return 3 }
        if b == 0x60 || b == 0x24 || b == 0x5C { return 2 }
        return TokenEstimate.isASCIILetter(UInt8(b)) ? 1 : 0
    }

    @inline(__always)
    static func findByte(_ target: UInt8, _ bytes: UnsafeRawBufferPointer, from: Int, limit: Int,
                         stopAtNewline: Bool) -> Int? {
        let end = min(bytes.count, from + limit)
        var j = from
        while j < end {
            let c = bytes[j]
            if c == target { return j }
            if stopAtNewline && c == 0x0A { return nil }
            j += 1
        }
        return nil
    }

    @inline(__always)
    static func findPair(_ a: UInt8, _ b: UInt8, _ bytes: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int? {
        let end = min(bytes.count - 1, from + limit)
        var j = from
        while j < end {
            if bytes[j] == a && bytes[j + 1] == b { return j }
            j += 1
        }
        return nil
    }

    /// The index after the closing ```` ``` ```` at or after `from`, or the end of `bytes`.
    static func find3Backticks(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int {
        let n = bytes.count
        var j = from
        while j + 2 < n {
            if bytes[j] == 0x60 && bytes[j + 1] == 0x60 && bytes[j + 2] == 0x60 { return j + 3 }
            j += 1
        }
        return n
    }

    /// The script of a letter scalar, nil for anything that is not a letter of a language.
    public static func classify(_ v: UInt32) -> Script? {
        if v < 0x80 { return TokenEstimate.isASCIILetter(UInt8(v)) ? .latin : nil }
        switch v {
        case 0xB5: return .greek  // micro sign
        case 0xAA, 0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2AF: return .latin
        case 0x370...0x3FF:
            switch v {
            case 0x374, 0x375, 0x37E, 0x384, 0x385, 0x387, 0x3F6: return nil
            default: return .greek
            }
        case 0x400...0x481, 0x48A...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return .cyrillic
        case 0x531...0x587: return .armenian
        case 0x5D0...0x5F2, 0xFB1D...0xFB4F: return .hebrew
        case 0x620...0x64A, 0x66E...0x6D3, 0x6D5, 0x6FA...0x6FF, 0x750...0x77F, 0x8A0...0x8FF,
             0xFB50...0xFDFF, 0xFE70...0xFEFF:
            return .arabic
        case 0x900...0x97F:
            return (0x964...0x96F).contains(v) ? nil : .devanagari
        case 0x980...0x9FF:
            return (0x9E6...0x9EF).contains(v) ? nil : .bengali
        case 0xA00...0xDFF:
            return (0x66...0x6F).contains(v & 0x7F) ? nil : .otherIndic
        case 0xE00...0xE7F:
            return (0xE50...0xE5B).contains(v) || v == 0xE3F ? nil : .thai
        case 0xE80...0xEFF:
            return (0xED0...0xED9).contains(v) ? nil : .lao
        case 0xF40...0xFBC: return .tibetan
        case 0x1000...0x109F:
            return (0x1040...0x104F).contains(v) ? nil : .myanmar
        case 0x10A0...0x10FF, 0x1C90...0x1CBF: return .georgian
        case 0x1100...0x11FF, 0x3131...0x318E, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xD7B0...0xD7FF,
             0xFFA0...0xFFDC:
            return .hangul
        case 0x1200...0x139F: return .ethiopic
        case 0x1780...0x17D3: return .khmer
        case 0x1E00...0x1EFF, 0xA720...0xA7FF, 0xAB30...0xAB6F, 0xFB00...0xFB06, 0xFF21...0xFF3A,
             0xFF41...0xFF5A:
            return .latin
        case 0x1F00...0x1FFF: return .greek
        case 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0x20000...0x323AF:
            return .han
        case 0x3041...0x3096, 0x309D...0x309F: return .hiragana
        case 0x30A1...0x30FA, 0x30FC...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9D: return .katakana
        // Punctuation, symbols, letterlike and math alphanumerics, CJK punctuation, emoji, specials.
        case 0x2000...0x2BFF, 0x3000...0x303F, 0xFE00...0xFE6F, 0xFF00...0xFF65, 0xFFF0...0xFFFF,
             0x1D400...0x1D7FF, 0x1F000...0x1FFFF, 0x300...0x36F:
            return nil
        // Modifier letters and phonetic extensions: superscript and subscript letters (xᵢ, aⁿ),
        // the circumflex accent ˆ and apostrophes ʼ, used as math or punctuation.
        case 0x2B0...0x2FF, 0x1D00...0x1DBF, 0xA700...0xA71F:
            return nil
        default:
            guard let s = Unicode.Scalar(v), s.properties.isAlphabetic else { return nil }
            return .other
        }
    }
}
