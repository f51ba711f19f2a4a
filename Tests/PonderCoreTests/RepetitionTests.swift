import Testing
@testable import PonderCore

@Suite struct RepetitionTests {
    /// The table marks each pass in its slots instead of clearing them: a key of an earlier pass
    /// is new in the next one, across the epoch's wrap after 255 passes, whatever the table's size
    /// from pass to pass, and when a pass outgrows it.
    @Test func countTableForgetsEveryEarlierPass() {
        var table = Repetition.CountTable()
        defer { table.deallocate() }
        var wrong = 0
        for pass in 0..<600 {
            let keys = pass % 7 == 0 ? 3000 : 40
            table.reset(expected: pass % 5 == 0 ? 8 : keys)   // some passes outgrow the table
            for k in 0..<keys {
                let key = UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15
                if table.count(key, at: Int32(k)) != (Int32(k), 1) { wrong += 1 }
            }
            for k in 0..<keys {
                let key = UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15
                if table.count(key, at: Int32(keys + k)) != (Int32(k), 2) { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }

    /// After a long text's pass, the short texts' passes leave its slots alone; when the epoch
    /// comes round again (255 passes later), a long text's pass must find none of them.
    @Test func countTableClearsWhatALongTextWrote() {
        var table = Repetition.CountTable()
        defer { table.deallocate() }
        var wrong = 0
        for pass in 0..<600 {
            let keys = pass % 255 == 3 ? 3000 : 40   // the same epoch for the long passes
            table.reset(expected: keys)
            for k in 0..<keys {
                let key = UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15
                if table.count(key, at: Int32(k)).count != 1 { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }

    @Test func datatroveCountingOnASmallText() {
        // Lines: "a b", "a b", "c d e" -> 1 duplicate of 3 lines, 3 duplicate chars of 13.
        let text = "a b\na b\nc d e"
        let r = Repetition.measure(text)
        #expect(r.dupLineFrac == 1.0 / 3.0)
        #expect(r.dupLineCharFrac == 3.0 / 13.0)
        #expect(r.dupParaFrac == 0)
        // Words a b a b c d e; top 2-gram "a b" x2 = 3 chars * 2 over 13.
        #expect(r.topNgram(2) == 6.0 / 13.0)
        #expect(r.dupNgram(5) == 0)
    }

    @Test func paragraphsSplitOnBlankLines() {
        let text = "First para.\n\nSecond para.\n\n\nFirst para."
        let r = Repetition.measure(text)
        #expect(r.dupParaFrac == 1.0 / 3.0)
        #expect(r.dupParaCharFrac == 11.0 / Double(text.count))
    }

    @Test func duplicatedNgramsFollowDatatrovesScan() {
        // 12 words: w1..w6 twice. 5-grams: the second "w1 w2 w3 w4 w5" at index 6 is seen
        // before -> 10 chars ("w1".."w5" joined without spaces), jump to 11 -> end.
        let text = "w1 w2 w3 w4 w5 w6 w1 w2 w3 w4 w5 w6"
        let r = Repetition.measure(text)
        #expect(r.dupNgram(5) == 10.0 / 35.0)
        #expect(r.dupNgram(6) == 12.0 / 35.0)
        #expect(r.dupNgram(7) == 0)
    }

    @Test func healthyReasoningIsNotRepetitive() {
        let text = """
            Let me start by writing the equation: 3x + 5 = 20. Subtracting 5 from both sides gives 3x = 15.

            Wait, let me check that. 20 minus 5 is 15, yes. Dividing by 3, x = 5.

            Let me verify by substitution: 3 times 5 is 15, plus 5 is 20. That matches the right side.

            So the solution is x = 5, and the problem also asks for 2x + 1, which is 11.
            """
        let r = Repetition.measure(text)
        #expect(!Repetition.isRepetitive(r))
        #expect(!Repetition.isRepetitive(r, thresholds: .gopher))
    }

    @Test func degenerateReasoningIsRepetitive() {
        var text = "We need the smallest n such that n^2 ends in 44.\n"
        for _ in 0..<30 { text += "Wait, maybe I should check n = 12 again. 12 squared is 144, which ends in 44.\n" }
        let r = Repetition.measure(text)
        #expect(r.dupLineFrac > 0.9)
        #expect(r.dupNgram(10) > 0.5)
        #expect(Repetition.isRepetitive(r))
    }

    @Test func linesSplitLikePythonsRegexSplit() {
        // re.split("\n+", "a\n\na\n") == ["a", "a", ""]: one duplicate of three lines.
        let r = Repetition.measure("a\n\na\n")
        #expect(r.dupLineFrac == 1.0 / 3.0)
        #expect(r.dupLineCharFrac == 1.0 / 5.0)
        // Paragraphs of the stripped text "a\n\na": ["a", "a"].
        #expect(r.dupParaFrac == 0.5)
    }

    @Test func shortTextsAreNeverRepetitive() {
        let r = Repetition.measure("yes yes yes yes yes yes yes yes")
        // 5-gram at 0 remembered, at 1 a duplicate (15 chars), jump to 6: past the last.
        #expect(r.dupNgram(5) == 15.0 / 31.0)
        #expect(r.words == 8)
        #expect(!Repetition.isRepetitive(r))
        #expect(Repetition.isRepetitive(r, thresholds: .gopher))
    }

    @Test func emptyTextIsAllZero() {
        let r = Repetition.measure("")
        #expect(r == Repetition.Result())
        #expect(!Repetition.isRepetitive(r))
    }

    // MARK: - The n-gram figures against a plain reading of datatrove's definitions

    /// Words as arrays of bytes (split on the white space `Repetition` splits on), n-grams as
    /// strings, counted in a Dictionary and scanned with a Set: no hashing of ours, no pruning.
    static func reference(_ text: String) -> (words: Int, top: [Double], dup: [Double]) {
        let bytes = Array(text.utf8)
        var words: [String] = []
        bytes.withUnsafeBytes { b in
            var i = 0
            while i < b.count {
                let w = Repetition.whiteSpaceLength(b, i)
                if w > 0 { i += w; continue }
                let start = i
                while i < b.count && Repetition.whiteSpaceLength(b, i) == 0 { i += 1 }
                words.append(String(decoding: b[start..<i], as: UTF8.self))
            }
        }
        let total = Double(text.unicodeScalars.count)
        var top = [0.0, 0.0, 0.0]
        var dup = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        guard total > 0, words.count >= 2 else { return (words.count, top, dup) }
        for n in 2...4 where words.count >= n {
            var counts: [String: (count: Int, first: Int)] = [:]
            for i in 0...(words.count - n) {
                let gram = words[i..<(i + n)].joined(separator: " ")
                counts[gram, default: (0, i)].count += 1
            }
            let best = counts.max { a, b in
                a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first
            }!
            top[n - 2] = Double(best.key.unicodeScalars.count * best.value.count) / total
        }
        for n in 5...10 where words.count >= n {
            var seen = Set<String>()
            var repeated = 0
            var idx = 0
            while idx < words.count - n + 1 {
                let gram = words[idx..<(idx + n)].joined(separator: " ")
                if seen.contains(gram) {
                    repeated += words[idx..<(idx + n)].reduce(0) { $0 + $1.unicodeScalars.count }
                    idx += n
                } else {
                    seen.insert(gram)
                    idx += 1
                }
            }
            dup[n - 5] = Double(repeated) / total
        }
        return (words.count, top, dup)
    }

    /// Reasoning-like text from a small vocabulary: templates repeated with changes, loops,
    /// white space of every kind, non-ASCII words.
    static func generated(_ rng: inout SeededGenerator) -> String {
        let vocabulary = ["Wait,", "let", "me", "check", "the", "sum", "x", "=", "3", "so", "is", "again", "é", "日本",
                          "\\frac{1}{2}", "answer", "then", "we", "get", "5.", "Hmm,", "a", "b"]
        let spaces = [" ", " ", " ", "\n", "\n\n", "\t", "\u{3000}", "\u{A0}", "\u{1C}", "  "]
        func pick(_ list: [String]) -> String { list[Int(rng.next() % UInt64(list.count))] }
        func phrase(_ count: Int) -> [String] { (0..<count).map { _ in pick(vocabulary) } }
        var words: [String] = []
        for _ in 0..<Int(rng.next() % 12) {
            let template = phrase(2 + Int(rng.next() % 14))
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                var copy = template
                if rng.next() % 3 == 0 { copy[Int(rng.next() % UInt64(copy.count))] = pick(vocabulary) }
                words += copy
            }
            words += phrase(Int(rng.next() % 20))
        }
        return words.map { $0 + pick(spaces) }.joined()
    }

    @Test func ngramFiguresAgreeWithAPlainReading() {
        var rng = SeededGenerator(state: 5)
        let scratch = Repetition.Scratch()
        var repetitive = 0
        for _ in 0..<1_500 {
            let text = Self.generated(&rng)
            let r = Repetition.measure(text, scratch: scratch)
            let expected = Self.reference(text)
            #expect(r.words == expected.words)
            #expect(r.topNgramCharFrac == expected.top, "\(text.debugDescription)")
            #expect(r.dupNgramCharFrac == expected.dup, "\(text.debugDescription)")
            if expected.dup[0] > 0.3 { repetitive += 1 }
        }
        #expect(repetitive > 100)
    }
}
