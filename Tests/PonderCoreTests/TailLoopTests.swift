import Testing
@testable import PonderCore

@Suite struct TailLoopTests {
    /// The marked span is where the repetition starts to the end.
    func loop(_ marked: String, period: Int? = nil, copies: Int? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) -> TailLoop.Result? {
        let (text, spans) = MarkedFixture.parse(marked)
        let r = TailLoop.measure(text)
        #expect(r != nil, sourceLocation: sourceLocation)
        guard let r else { return nil }
        #expect(spans.count == 1, sourceLocation: sourceLocation)
        if let span = spans.first {
            #expect(r.startByte == span.lowerBound, sourceLocation: sourceLocation)
            #expect(span.upperBound == text.utf8.count, sourceLocation: sourceLocation)
            let startChar = Lengths.scalars(String(decoding: text.utf8.prefix(span.lowerBound), as: UTF8.self))
            #expect(r.startChar == startChar, sourceLocation: sourceLocation)
            #expect(r.coveredChars == Lengths.scalars(text) - startChar, sourceLocation: sourceLocation)
        }
        if let period { #expect(r.periodChars == period, sourceLocation: sourceLocation) }
        if let copies { #expect(r.copies == copies, sourceLocation: sourceLocation) }
        return r
    }

    let prose = """
        Let me compute the sum of the first ten odd numbers. The first odd number is 1, then 3, \
        5, 7 and so on. Their sum is the square of their count, so the answer is 100.
        """

    @Test func wordUnit() {
        let r = loop(prose + " ⟦" + String(repeating: "wait ", count: 40) + "wait⟧", period: 5, copies: 41)
        #expect(TailLoop.isLoop(r))
    }

    @Test func sentenceUnit() {
        let unit = "Wait, let me double-check the second equation again. "
        let r = loop(prose + " ⟦" + String(repeating: unit, count: 12).dropLast() + "⟧",
                     period: unit.count, copies: 12)
        #expect(TailLoop.isLoop(r))
        #expect(r.map { $0.coverage > 0.7 } == true)
    }

    @Test func pageUnitRepeatedThreeTimes() {
        var page = ""
        var k = 0
        while page.unicodeScalars.count < 1500 {
            page += "Step \(k): we substitute x = \(k * 7 % 13) into the identity and simplify both sides carefully. "
            k += 1
        }
        let intro = String(repeating: prose + " ", count: 20)
        let r = loop(intro + "⟦" + page + page + page.dropLast() + "⟧", copies: 3)
        #expect(r?.periodChars == page.unicodeScalars.count)
        #expect(TailLoop.isLoop(r))
        #expect(r.map { $0.coveredChars >= 4500 } == true)
    }

    @Test func partialLastCopyCutAtTheCap() {
        let unit = "So the total is 42 and we are done. "
        let text = prose + " ⟦" + String(repeating: unit, count: 5) + "So the total is 4⟧"
        let r = loop(text, period: unit.count, copies: 5)
        #expect(TailLoop.isLoop(r))
    }

    @Test func whiteSpaceBetweenCopiesMayVary() {
        let text = prose + "\n\n⟦Therefore the answer is 7.\nTherefore the answer is 7.  Therefore the answer is 7.\n\n\tTherefore the answer is 7. Therefore the answer is 7.⟧"
        let r = loop(text, period: 27, copies: 5)
        #expect(TailLoop.isLoop(r))
    }

    /// The white space of the copies falls on every position relative to the 8 bytes the
    /// normalisation copies at once: the period and the copies never change.
    @Test func normalisationIsTheSameAtEveryAlignment() {
        let unit = "So  the\tanswer is 7;  check\n it   again. Ça   fait  7. "
        let period = (unit.split(whereSeparator: \.isWhitespace).joined(separator: " ") + " ").unicodeScalars.count
        for shift in 0..<16 {
            let text = String(repeating: "x", count: shift) + " " + prose + "  " + String(repeating: unit, count: 10)
            let r = TailLoop.measure(text)
            #expect(r?.periodChars == period, "shift \(shift)")
            #expect(r?.copies == 10, "shift \(shift)")
        }
    }

    @Test func nonASCIIUnit() {
        let r = loop(prose + " ⟦" + String(repeating: "所以答案是七。", count: 20) + "⟧", period: 7, copies: 20)
        #expect(TailLoop.isLoop(r))
    }

    @Test func normalTextHasNoLoop() {
        let r = TailLoop.measure(prose + " Then we verify that 1 + 3 + 5 + 7 + 9 + 11 + 13 + 15 + 17 + 19 = 100.")
        #expect(!TailLoop.isLoop(r))
        #expect(r == nil)
    }

    @Test func dashesAndSpacesAreNotALoop() {
        #expect(TailLoop.measure(prose + "\n" + String(repeating: "-", count: 500)) == nil)
        #expect(TailLoop.measure(prose + String(repeating: " ", count: 500) + String(repeating: "=-", count: 300)) == nil)
    }

    @Test func shortRepetitionIsBelowTheMinimum() {
        #expect(TailLoop.measure(prose + " ha ha ha") == nil)
    }

    @Test func twoCopiesAreNotALoop() {
        let unit = String(repeating: "The quick brown fox jumps over the lazy dog number one. ", count: 1)
            + "And then something else entirely happens in the second half of the paragraph. "
        let r = TailLoop.measure(prose + " " + unit + unit)
        #expect(r?.copies == 2)
        #expect(!TailLoop.isLoop(r))
    }

    @Test func thresholds() {
        let r = TailLoop.Result(periodChars: 10, copies: 3, startByte: 0, startChar: 0, coveredChars: 100, coverage: 0.05)
        #expect(!TailLoop.isLoop(r))
        #expect(TailLoop.isLoop(r, thresholds: .init(minCoverage: 0.05)))
        let big = TailLoop.Result(periodChars: 10, copies: 300, startByte: 0, startChar: 0, coveredChars: 3000, coverage: 0.01)
        #expect(TailLoop.isLoop(big))
        #expect(!TailLoop.isLoop(nil))
    }

    // MARK: - Candidate periods compared directly, or the Z-function

    static func measure(_ text: String, directPasses: Int) -> TailLoop.Result? {
        var copy = text
        return copy.withUTF8 { TailLoop.measure(utf8: UnsafeRawBufferPointer($0), directPasses: directPasses) }
    }

    /// Text ending in loops of every size (1 to 60 copies of units of a word to a page, white
    /// space varied, the last copy cut), in coincidental repeats and in none.
    static func generated(_ rng: inout SeededGenerator) -> String {
        let words = ["Wait,", "let", "me", "check", "x", "=", "3", "the", "sum", "is", "\\(", "2^{10}", "\\)", "so",
                     "é", "日本", "then", ".", "\n", "\n\n", "answer", "again"]
        func phrase(_ count: Int) -> String {
            (0..<count).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ")
        }
        var text = phrase(Int(rng.next() % 200))
        switch rng.next() % 3 {
        case 0:
            let unit = phrase(1 + Int(rng.next() % 60))
            for _ in 0..<(1 + Int(rng.next() % 60)) { text += (rng.next() % 4 == 0 ? "\n " : " ") + unit }
            if rng.next() % 2 == 0 { text += " " + String(unit.prefix(Int(rng.next() % UInt64(unit.count + 1)))) }
        case 1:
            let repeated = phrase(10 + Int(rng.next() % 20))
            text += " " + repeated + " " + phrase(Int(rng.next() % 30)) + " " + repeated
        default:
            break
        }
        return text
    }

    @Test func directComparisonAndZFunctionAgree() {
        var rng = SeededGenerator(state: 11)
        var loops = 0
        for _ in 0..<3_000 {
            let text = Self.generated(&rng)
            let z = Self.measure(text, directPasses: 0)
            #expect(Self.measure(text, directPasses: .max) == z, "\(text.debugDescription)")
            #expect(TailLoop.measure(text) == z, "\(text.debugDescription)")
            if z != nil { loops += 1 }
        }
        #expect(loops > 500)
    }
}
