/// Language consistency (GUIDE §3, R1's reward): the share of the chain of thought's words written in
/// the prompt's language, from CLD2's per-chunk languages (its summary under-reports English in
/// mixed text), with the foreign spans as UTF-8 byte ranges of the reasoning.
///
/// Cost: CLD2 reads ~22 MB/s, so a long reasoning is not read whole unless it has to be. To an English
/// prompt, a mostly ASCII reasoning is read sentence by sentence by `EnglishSentences`, and CLD2 reads
/// only the sentences it cannot vouch for, with some context. To a prompt in another language, when
/// the reasoning is mostly ASCII and long, windows of ~2 KB are checked: a few spread evenly over it,
/// and every window holding accented Latin letters (where French, German, Spanish… show
/// themselves). In both cases, only when CLD2 finds words in another language than the target is the
/// whole reasoning chunked. Foreign scripts (Chinese in English) are caught by `ScriptMix` whatever
/// is read here.
public enum LanguageConsistency {
    /// Inconsistent below this share of words in the prompt's language.
    public static let defaultMinConsistency = 0.95
    /// A reasoning at most this long (bytes) that CLD2 must read is chunked whole, not sampled.
    static let wholeBytes = 8 * 1024
    static let windowBytes = 2 * 1024
    static let spreadWindows = 4
    /// A chunk in another language with fewer words than this is CLD2 noise (a name, a formula's rest).
    static let minForeignWords = 4
    /// Prompts with fewer letter bytes than this have no reliable language.
    static let minPromptTextBytes = 24

    public struct Span: Sendable, Equatable {
        /// UTF-8 byte range in the reasoning.
        public var range: Range<Int>
        public var code: String
    }

    public struct Result: Sendable {
        /// The prompt's language, nil when too short or unknown.
        public var promptLang: String?
        /// The language consistency is measured against: the prompt's, else the reasoning's dominant.
        public var targetLang: String?
        /// Words in the target language over all words of known language, 1 when none.
        public var consistency: Double
        /// The reasoning's most frequent language by words, and its share.
        public var topLang: String?
        public var topShare: Double
        /// Runs of chunks in another language than the target.
        public var foreign: [Span]
        /// The whole reasoning was chunked (false: only sampled windows were read).
        public var full: Bool

        public func isInconsistent(min: Double = LanguageConsistency.defaultMinConsistency) -> Bool {
            consistency < min
        }
    }

    /// A prompt's non-English language wins over English from this percent of its text: datasets
    /// append English boilerplate ("Put your final answer in \\boxed{}") to prompts in other languages.
    static let minPromptLangPercent = 25

    /// The prompt's language, or nil when CLD2 cannot tell (too short, only math). A mostly ASCII
    /// prompt that `EnglishSentences` reads as plain English is English without asking CLD2 (most prompts of
    /// most datasets; on `shared/data/real` the two agree on every prompt the reading decides,
    /// `RealDataTests`).
    public static func promptLanguage(_ prompt: String) -> String? {
        withCleanedPrompt(prompt) { buf in
            isMostlyASCII(buf) && EnglishSentences.read(buf).isEnglish ? "en" : promptLanguageByCLD2(buf)
        }
    }

    /// `body` over the prompt's first 16 KB (cut on a character boundary), cleaned.
    static func withCleanedPrompt<R>(_ prompt: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var text = prompt
        var b = text.withUTF8 { Array(UnsafeBufferPointer(rebasing: $0.prefix(16 * 1024))) }
        if b.count == 16 * 1024 {
            while let last = b.last, last & 0xC0 == 0x80 { b.removeLast() }   // never cut a character
            if let last = b.last, last >= 0xC0 { b.removeLast() }
        }
        LanguageID.clean(&b)
        return b.withUnsafeBufferPointer(body)
    }

    /// CLD2's reading of a cleaned prompt.
    static func promptLanguageByCLD2(_ buf: UnsafeBufferPointer<UInt8>) -> String? {
        let r = LanguageID.detect(buf, chunks: true)
        guard r.textBytes >= minPromptTextBytes, let top = r.top.first else { return nil }
        if top.code == "en", let other = r.top.dropFirst().first(where: { $0.percent >= minPromptLangPercent }) {
            return other.code
        }
        guard top.code == "en" else { return top.code }
        // CLD2's summary gives short foreign sentences little weight: count words per chunk.
        // Sentence by sentence, with CLD2's best guess for short text.
        var words: [String: Int] = [:]
        var total = 0
        var start = 0
        for i in 0...buf.count {
            let end = i == buf.count || buf[i] == 0x0A
                || ((buf[i] == 0x2E || buf[i] == 0x3F || buf[i] == 0x21) && (i + 1 == buf.count || buf[i + 1] == 0x20))
            guard end else { continue }
            let sentence = UnsafeBufferPointer(rebasing: buf[start..<i])
            start = i + 1
            let n = countWords(sentence)
            guard n >= 3 else { continue }
            total += n
            if let code = LanguageID.guessShort(sentence), code != "en" { words[code, default: 0] += n }
        }
        if let other = words.max(by: { $0.value < $1.value }), other.value * 100 >= total * minPromptLangPercent {
            return other.key
        }
        return top.code
    }

    public static func measure(prompt: String, reasoning: String) -> Result {
        measure(promptLang: promptLanguage(prompt), reasoning: reasoning)
    }

    public static func measure(promptLang: String?, reasoning: String) -> Result {
        var text = reasoning
        return text.withUTF8 { raw in
            let ascii = isMostlyASCII(raw)
            if promptLang == "en" && ascii {
                var b = Array(raw)
                LanguageID.clean(&b)
                return b.withUnsafeBufferPointer { measureEnglish($0) }
            }
            if let target = promptLang, raw.count > wholeBytes, ascii, let agreed = sampled(raw, target: target) {
                return agreed
            }
            var b = Array(raw)
            LanguageID.clean(&b)
            return b.withUnsafeBufferPointer { measureWhole($0, promptLang: promptLang) }
        }
    }

    /// Consistent: every word counted in the target language, no foreign span.
    static func consistent(_ target: String, full: Bool) -> Result {
        Result(promptLang: target, targetLang: target, consistency: 1, topLang: target, topShare: 1, foreign: [], full: full)
    }

    /// An English prompt, a mostly ASCII reasoning (cleaned): every sentence is read by
    /// `EnglishSentences`; CLD2 reads, with some context, only those it cannot vouch for, and the
    /// whole text only when one of them holds words in another language.
    static func measureEnglish(_ buf: UnsafeBufferPointer<UInt8>) -> Result {
        let suspects = EnglishSentences.suspects(buf)
        if suspects.isEmpty { return consistent("en", full: false) }
        var tally = Tally()
        for w in around(suspects, in: buf) {
            let r = LanguageID.detect(UnsafeBufferPointer(rebasing: buf[w]), chunks: true)
            tally.add(r.chunks, in: UnsafeBufferPointer(rebasing: buf[w]), shift: w.lowerBound, target: "en")
            if tally.foreignWords > 0 { return measureWhole(buf, promptLang: "en") }
        }
        return consistent("en", full: false)
    }

    /// `ranges` of `b` widened by `windowBytes / 4` on each side (joined where they meet), on
    /// character boundaries.
    static func around(_ ranges: [Range<Int>], in b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let pad = windowBytes / 4
        var out: [Range<Int>] = []
        for r in ranges {
            let w = onCharacters(max(0, r.lowerBound - pad)..<min(b.count, r.upperBound + pad), in: b)
            let lo = w.lowerBound, hi = w.upperBound
            if let last = out.last, lo <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<hi
            } else {
                out.append(lo..<hi)
            }
        }
        return out
    }

    /// The result from the sampled windows alone when every one of them is in `target`, else nil
    /// (the whole reasoning must be read). Only the windows are copied and cleaned.
    static func sampled(_ raw: UnsafeBufferPointer<UInt8>, target: String) -> Result? {
        var tally = Tally()
        var window: [UInt8] = []
        window.reserveCapacity(windowBytes + 8)
        for w in windows(raw) {
            window.removeAll(keepingCapacity: true)
            window.append(contentsOf: UnsafeBufferPointer(rebasing: raw[w]))
            LanguageID.clean(&window)
            let foreign = window.withUnsafeBufferPointer { buf -> Bool in
                let r = LanguageID.detect(buf, chunks: true)
                let before = tally.foreignWords
                tally.add(r.chunks, in: buf, shift: w.lowerBound, target: target)
                return tally.foreignWords > before
            }
            if foreign { return nil }
        }
        return tally.result(promptLang: target, target: target, full: false)
    }

    /// Chunks the whole cleaned reasoning.
    static func measureWhole(_ buf: UnsafeBufferPointer<UInt8>, promptLang: String?) -> Result {
        let r = LanguageID.detect(buf, chunks: true)
        var tally = Tally()
        if let target = promptLang {
            tally.add(r.chunks, in: buf, shift: 0, target: target)
            return tally.result(promptLang: target, target: target, full: true)
        }
        // Unknown prompt language: measure against the reasoning's dominant language.
        var words: [String: Int] = [:]
        for c in r.chunks where c.code != "un" {
            words[c.code, default: 0] += countWords(UnsafeBufferPointer(rebasing: buf[c.range]))
        }
        guard let dominant = words.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else {
            return Result(promptLang: nil, targetLang: nil, consistency: 1, topLang: nil, topShare: 1, foreign: [], full: true)
        }
        tally.add(r.chunks, in: buf, shift: 0, target: dominant)
        return tally.result(promptLang: nil, target: dominant, full: true)
    }

    /// Words per language over chunks, and foreign spans.
    struct Tally {
        var targetWords = 0
        var foreignWords = 0
        var byLang: [String: Int] = [:]
        var spans: [Span] = []

        /// Adds CLD2's `chunks` of `buf`, which starts at byte `shift` of the reasoning.
        mutating func add(_ chunks: [(range: Range<Int>, code: String)], in buf: UnsafeBufferPointer<UInt8>,
                          shift: Int, target: String) {
            for c in chunks where c.code != "un" {
                let n = countWords(UnsafeBufferPointer(rebasing: buf[c.range]))
                let range = (c.range.lowerBound + shift)..<(c.range.upperBound + shift)
                if n == 0 { continue }
                if c.code == target || (c.code != target && n < minForeignWords) {
                    targetWords += n
                    byLang[target, default: 0] += n
                    continue
                }
                foreignWords += n
                byLang[c.code, default: 0] += n
                if let last = spans.last, last.code == c.code, range.lowerBound - last.range.upperBound <= 1 {
                    spans[spans.count - 1].range = last.range.lowerBound..<range.upperBound
                } else {
                    spans.append(Span(range: range, code: c.code))
                }
            }
        }

        func result(promptLang: String?, target: String, full: Bool) -> Result {
            let total = targetWords + foreignWords
            let top = byLang.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
            return Result(
                promptLang: promptLang, targetLang: target,
                consistency: total == 0 ? 1 : Double(targetWords) / Double(total),
                topLang: top?.key ?? target,
                topShare: total == 0 ? 1 : Double(top?.value ?? 0) / Double(total),
                foreign: spans, full: full)
        }
    }

    /// Words: runs of letters (ASCII letters or any non-ASCII character); CJK characters count a
    /// word per two, as Chinese and Japanese words average about two characters.
    static func countWords(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var words = 0, cjk = 0
        var inWord = false
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                let isLetter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
                if isLetter && !inWord { words += 1 }
                inWord = isLetter
                i += 1
            } else if c >= 0xE3 && c <= 0xE9 {
                cjk += 1; inWord = false; i += 3
            } else {
                if !inWord && c >= 0xC0 { words += 1 }
                inWord = true
                i += 1
            }
        }
        return words + (cjk + 1) / 2
    }

    static func isMostlyASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        high(b) * 50 < b.count
    }

    /// The number of non-ASCII bytes in `b`, 8 bytes at a time.
    static func high(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        let raw = UnsafeRawBufferPointer(b)
        var count = 0
        var i = 0
        while i + 8 <= raw.count {
            count &+= (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < raw.count { count &+= Int(raw[i] >> 7); i += 1 }
        return count
    }

    /// `r` widened to whole UTF-8 characters of `b`.
    static func onCharacters(_ r: Range<Int>, in b: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo > 0 && lo < b.count && b[lo] & 0xC0 == 0x80 { lo -= 1 }
        while hi < b.count && b[hi] & 0xC0 == 0x80 { hi += 1 }
        return lo..<hi
    }

    /// The windows to check: a few spread evenly, and every one holding accented Latin letters
    /// (UTF-8 lead bytes 0xC3..0xC5: Latin-1 Supplement and Latin Extended-A). A window starts
    /// after a line break in its first quarter and ends at one in its last, when it has them, so
    /// that it is cleaned (math, code) as the whole text would be.
    static func windows(_ b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let n = b.count
        let count = (n + windowBytes - 1) / windowBytes
        var pick = Set<Int>()
        for k in 0..<spreadWindows { pick.insert(k * (count - 1) / max(1, spreadWindows - 1)) }
        var accented = [Int](repeating: 0, count: count)
        let raw = UnsafeRawBufferPointer(b)
        var i = 0
        while i < n {
            if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            if b[i] >= 0xC3 && b[i] <= 0xC5 {
                let k = i / windowBytes
                accented[k] += 1
                if accented[k] == 3 { pick.insert(k) }
            }
            i += 1
        }
        let quarter = windowBytes / 4
        return pick.sorted().map { k in
            var lo = k * windowBytes, hi = min(n, lo + windowBytes)
            if lo > 0, let nl = (lo..<min(hi, lo + quarter)).first(where: { b[$0] == 0x0A }) { lo = nl + 1 }
            if hi < n, let nl = (max(lo, hi - quarter)..<hi).last(where: { b[$0] == 0x0A }) { hi = nl + 1 }
            return onCharacters(lo..<hi, in: b)
        }
    }
}
