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

    /// Reads cleaned UTF-8 text sentence by sentence.
    static func read(_ b: UnsafeBufferPointer<UInt8>) -> Reading {
        var reading = Reading()
        var out: [Range<Int>] = []
        var start = 0
        var words = 0
        var english = 0
        var i = 0
        let n = b.count
        let kind = Self.kind
        let table = Self.table
        while i < n {
            let k = kind[Int(b[i])]
            if k == 0 { i += 1; continue }
            if k == 3 {
                reading.words += words
                if words >= minWords {
                    reading.judgedWords += words
                    if english * 4 < words { out.append(start..<i) }
                }
                start = i + 1
                words = 0
                english = 0
                i += 1
                continue
            }
            // A word: letters, with any non-ASCII byte making it a non-English word.
            let from = i
            var ascii = true
            while i < n {
                let d = kind[Int(b[i])]
                if d == 2 { ascii = false } else if d != 1 { break }
                i += 1
            }
            let length = i - from
            guard length >= 2 else { continue }
            words += 1
            if ascii && length <= 8 {
                // The word's letters, lower-cased (all are ASCII letters), little-endian.
                let key = littleEndianPrefix(UnsafeRawBufferPointer(b), from, length)
                    | (0x2020_2020_2020_2020 >> UInt64(64 - 8 * length))
                if table.contains(key) { english += 1 }
            }
        }
        reading.words += words
        if words >= minWords {
            reading.judgedWords += words
            if english * 4 < words { out.append(start..<n) }
        }
        reading.suspects = out
        return reading
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

    /// Open addressing over words packed into 64 bits (lower-cased bytes, little-endian).
    struct WordTable: Sendable {
        let slots: [UInt64]
        let mask: Int

        init(_ words: [String]) {
            var size = 16
            while size < words.count * 4 { size <<= 1 }
            var slots = [UInt64](repeating: 0, count: size)
            for w in words {
                var key: UInt64 = 0
                for (k, c) in w.utf8.enumerated() { key |= UInt64(c | 0x20) << (8 * UInt64(k)) }
                var s = Self.slot(key, size - 1)
                while slots[s] != 0 && slots[s] != key { s = (s + 1) & (size - 1) }
                slots[s] = key
            }
            self.slots = slots
            mask = size - 1
        }

        @inline(__always)
        static func slot(_ key: UInt64, _ mask: Int) -> Int {
            Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        }

        @inline(__always)
        func contains(_ key: UInt64) -> Bool {
            var s = Self.slot(key, mask)
            while true {
                let k = slots[s]
                if k == key { return true }
                if k == 0 { return false }
                s = (s + 1) & mask
            }
        }
    }
}
