import CGuard

/// A cheap first reading of English text for `LanguageConsistency`: the sentences that may not be
/// English. CLD2 reads ~22 MB/s; this reads several hundred, so an English chain of thought to an
/// English prompt (most of any dataset) is checked sentence by sentence without CLD2, and CLD2 is
/// asked only about the sentences this cannot vouch for.
///
/// A sentence (text between `.`, `!`, `?`, `;`, `:` or a line break) reads as English when at least
/// a quarter of its words of two or more letters are common English words (the function words and
/// the vocabulary of worked solutions below). Sentences with fewer than `minWords` such words are not
/// judged: CLD2 ignores foreign runs that short too. A word holding a non-ASCII letter is never an
/// English word. Prose in French, German, Spanish, Italian, Portuguese, Dutch, Indonesian, Turkish,
/// Swahili and Polish has next to none of these words (`EnglishSentencesTests`). In the English
/// reasoning of `shared/data/real` (1,822 traces to English prompts) 37-58% of a trace's words are
/// in the list at the 1st percentile, 52-72% at the median; about 1% of its sentences are suspects
/// (formulas in words, lists of names), so CLD2 reads a few hundred bytes of a typical trace.
enum EnglishSentences {
    /// Sentences with fewer words (of two or more letters) than this are not judged.
    static let minWords = 4

    /// What the reading found in a text.
    struct Reading {
        /// Byte ranges of the judged sentences that do not read as English, in order.
        var suspects: [Range<Int>] = []
        /// Words (of two or more letters) in the text, and in its judged sentences.
        var words = 0
        var judgedWords = 0

        /// Plain English: every judged sentence reads as English, and they hold at least
        /// `minJudgedWords` words and three quarters of the text's words.
        var isEnglish: Bool {
            suspects.isEmpty && judgedWords >= EnglishSentences.minJudgedWords && judgedWords * 4 >= words * 3
        }
    }

    /// A text needs this many words in judged sentences to be called English by the reading alone.
    static let minJudgedWords = 8

    /// Byte ranges of the sentences of cleaned UTF-8 text (see `LanguageID.clean`) that do not read
    /// as English, in order.
    static func suspects(_ b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] { read(b).suspects }

    /// Reads cleaned UTF-8 text sentence by sentence: 64-byte blocks from the bit masks of their
    /// byte classes (words and sentence ends found a word at a time), unit by unit where a block is
    /// one word and at the end.
    static func read(_ b: UnsafeBufferPointer<UInt8>) -> Reading {
        var reader = Reader(bytes: b)
        let n = b.count
        var i = 0
        while i + 64 <= n {
            let c = ponder_sentence_classes(b.baseAddress! + i)
            let word = c.letters | c.high
            guard word != ~0 else {  // 64 bytes of one word
                i = reader.unit(at: i)
                continue
            }
            // The block ends after its last byte outside words, so every word in it is whole (and
            // one starts at its first byte only after a byte outside words, or at the text's start).
            let end = 64 - (~word).leadingZeroBitCount
            let block: UInt64 = end == 64 ? ~0 : (1 << UInt64(end)) &- 1
            let words = word & block
            var ends = c.sentence_ends & block
            var starts = words & ~(words << 1)
            while starts != 0 {
                let s = starts.trailingZeroBitCount
                let before = ends & ((1 << UInt64(s)) &- 1)
                if before != 0 {
                    reader.endSentences(first: i + before.trailingZeroBitCount,
                                        last: i + 63 - before.leadingZeroBitCount)
                    ends &= ~before
                }
                let length = (~(words >> UInt64(s))).trailingZeroBitCount
                let ascii = (c.high >> UInt64(s)) & ((1 << UInt64(length)) &- 1) == 0
                reader.word(from: i + s, length: length, ascii: ascii)
                starts &= starts &- 1
            }
            if ends != 0 {
                reader.endSentences(first: i + ends.trailingZeroBitCount, last: i + 63 - ends.leadingZeroBitCount)
            }
            i += end
        }
        while i < n { i = reader.unit(at: i) }
        return reader.finish()
    }

    /// The state of a reading: the sentence so far and what was found before it.
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var reading = Reading()
        var suspects: [Range<Int>] = []
        /// Where the current sentence starts, its words and its common English words.
        var start = 0
        var words = 0
        var english = 0

        /// The sentence ends at `first`; any more ends up to `last` close empty sentences.
        @inline(__always)
        mutating func endSentences(first: Int, last: Int) {
            reading.words += words
            if words >= minWords {
                reading.judgedWords += words
                if english * 4 < words { suspects.append(start..<first) }
            }
            start = last + 1
            words = 0
            english = 0
        }

        /// A word (letters, any non-ASCII byte making it a non-English word) at `from`.
        @inline(__always)
        mutating func word(from: Int, length: Int, ascii: Bool) {
            guard length >= 2 else { return }
            words += 1
            if ascii && length <= 8 {
                // The word's letters, lower-cased (all are ASCII letters), little-endian.
                let key = littleEndianPrefix(UnsafeRawBufferPointer(bytes), from, length)
                    | (0x2020_2020_2020_2020 >> UInt64(64 - 8 * length))
                english += table.contains(key) ? 1 : 0
            }
        }

        /// Reads the unit at `i` (a byte outside words, or a whole word); returns where the next
        /// starts.
        @inline(__always)
        mutating func unit(at i: Int) -> Int {
            let kind = EnglishSentences.kind
            let k = kind[Int(bytes[i])]
            if k == 0 { return i + 1 }
            if k == 3 {
                endSentences(first: i, last: i)
                return i + 1
            }
            var j = i
            var ascii = true
            while j < bytes.count {
                let d = kind[Int(bytes[j])]
                if d == 2 { ascii = false } else if d != 1 { break }
                j += 1
            }
            word(from: i, length: j - i, ascii: ascii)
            return j
        }

        /// The reading, once the text has ended (it ends the last sentence).
        mutating func finish() -> Reading {
            endSentences(first: bytes.count, last: bytes.count)
            reading.suspects = suspects
            return reading
        }
    }

    /// Byte classes: 0 other, 1 ASCII letter, 2 non-ASCII (part of a word), 3 end of a sentence.
    static let kind: [UInt8] = (0..<256).map { c -> UInt8 in
        if c >= 0x80 { return 2 }
        if isLetter(UInt8(c)) { return 1 }
        return c == 0x2E || c == 0x21 || c == 0x3F || c == 0x3B || c == 0x3A || c == 0x0A ? 3 : 0
    }

    @inline(__always)
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

    /// Common English words, lower case, two to eight letters. Words that are as common in another
    /// Latin-script language (`de`, `la`, `die`, `et`, `en`, `se`, `le`) are left out.
    static let words: [String] = """
        about above actually after again all already also always am an and another answer any are \
        area as at back be because been before being below better between both but by can case cases \
        check compute correct could count did divide do does doesn don done each either else equal \
        equals equation even every exactly example fact factor final find first for form formula \
        found four from get give given gives go going good got greater had half has have he hence \
        her here him his hmm how however if in instead integer into is isn it its just know larger \
        last least left less let like line long look made make makes many may maybe me mean means \
        method might minus more most much multiply must my need needs negative never next no not now \
        number numbers of oh ok okay on one only or order other our out over own part perhaps plus \
        point positive possible prime problem product question rather re real really result right \
        said same say says second see seems she should shows side sides similar simplify since \
        smaller so solution solve some square start step steps still subtract such sum suppose sure \
        take tell term terms than that the their them then there these they thing think third this \
        those though three through thus time times to told too total triangle true try twice two \
        under until up us use used using value values very wait want was way ways we well were what \
        when where whether which while who whose why will with without work would write written \
        wrong yeah yes yet you your
        """.split(separator: " ").map(String.init)

    static let table = WordTable(words)

    /// Open addressing over words packed into 64 bits (lower-cased bytes, little-endian), with
    /// linear probing that never wraps (the slots run `probes - 1` past the mask). A key is at
    /// most `probes - 1` slots past its home, so a lookup compares that many slots without a
    /// branch on what they hold: hit or miss, about half each in English, costs no misprediction.
    struct WordTable: Sendable {
        let slots: [UInt64]
        let mask: Int
        /// Slots a lookup compares: the longest distance of a key from its home, plus one.
        let probes: Int

        init(_ words: [String]) {
            var size = 16
            while size < words.count * 4 { size <<= 1 }
            var slots = [UInt64](repeating: 0, count: size + 8)
            var probes = 1
            for w in words {
                var key: UInt64 = 0
                for (k, c) in w.utf8.enumerated() { key |= UInt64(c | 0x20) << (8 * UInt64(k)) }
                let home = Self.slot(key, size - 1)
                var s = home
                while slots[s] != 0 && slots[s] != key { s += 1 }
                slots[s] = key
                probes = max(probes, s - home + 1)
            }
            precondition(probes <= 8, "the common-word table clusters: make it larger")
            self.slots = slots
            self.probes = probes
            mask = size - 1
        }

        @inline(__always)
        static func slot(_ key: UInt64, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        }

        @inline(__always)
        func contains(_ key: UInt64) -> Bool {
            let home = Self.slot(key, mask)
            return slots.withUnsafeBufferPointer { slots in
                var hits: UInt8 = 0
                for d in 0..<probes { hits |= slots[home + d] == key ? 1 : 0 }
                return hits != 0
            }
        }
    }
}
