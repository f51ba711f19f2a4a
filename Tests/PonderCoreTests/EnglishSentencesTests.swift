import Testing
@testable import PonderCore

/// The cheap English reading that spares CLD2 on English chains of thought: foreign prose is
/// always suspect, English reasoning is not, and a foreign sentence anywhere in a long English
/// reasoning is found (the windows sampled before this missed one without accents).
@Suite struct EnglishSentencesTests {
    func suspects(_ text: String) -> [String] {
        var b = Array(text.utf8)
        LanguageID.clean(&b)
        return b.withUnsafeBufferPointer { buf in
            EnglishSentences.suspects(buf).map { String(decoding: buf[$0], as: UTF8.self) }
        }
    }

    static let foreign = [
        "fr": "Attendez, je pense que nous devons verifier cette hypothese encore une fois avant de continuer.",
        "de": "Moment, ich glaube, wir muessen diese Annahme noch einmal pruefen, bevor wir weitermachen.",
        "es": "Espera, creo que debemos comprobar esta suposicion otra vez antes de seguir adelante.",
        "it": "Aspetta, penso che dobbiamo controllare di nuovo questa ipotesi prima di andare avanti.",
        "pt": "Espere, acho que precisamos verificar essa hipotese mais uma vez antes de continuar.",
        "nl": "Wacht, ik denk dat we deze aanname nog een keer moeten controleren voordat we verder gaan.",
        "id": "Tunggu, saya pikir kita harus memeriksa asumsi ini sekali lagi sebelum melanjutkan.",
        "tr": "Bekle, devam etmeden once bu varsayimi bir kez daha kontrol etmemiz gerektigini dusunuyorum.",
        "sw": "Subiri, nadhani tunahitaji kuangalia dhana hii tena kabla ya kuendelea mbele.",
        "pl": "Zaczekaj, myślę, że musimy jeszcze raz sprawdzić to założenie, zanim pójdziemy dalej.",
    ]

    @Test func foreignProseIsSuspect() {
        for (code, sentence) in Self.foreign {
            #expect(suspects(sentence).count == 1, "\(code) read as English: \(sentence)")
        }
    }

    @Test func englishReasoningIsNotSuspect() {
        let reasoning = LanguageConsistencyTests.english + """

            Wait, let me double-check the case where $n = 5$. We have \\(5! = 120\\) arrangements in total.
            Hmm, so the answer should be 72. Let's verify: the block of two red books can sit in 4 places.
            Therefore the number of arrangements with the red books apart is 120 - 48 = 72.
            Okay, that seems right. So the final answer is \\boxed{72}.
            """
        #expect(suspects(reasoning) == [])
    }

    @Test func theWordListIsWhatTheTableHolds() {
        #expect(EnglishSentences.words.count == 271)
        #expect(Set(EnglishSentences.words).count == EnglishSentences.words.count)
        #expect(EnglishSentences.words.allSatisfy { $0.count >= 2 && $0.count <= 8 && $0 == $0.lowercased() })
        for w in EnglishSentences.words {
            var key: UInt64 = 0
            for (k, c) in w.utf8.enumerated() { key |= UInt64(c) << (8 * UInt64(k)) }
            #expect(EnglishSentences.table.contains(key), "\(w)")
        }
    }

    @Test func shortSentencesAreNotJudged() {
        #expect(suspects("Ja, genau. Oui. Sí, claro. Danke schön!") == [])
        #expect(suspects("x = y + z. Then f(x) = g(y).") == [])
    }

    @Test func aForeignSentenceAnywhereInALongEnglishReasoningIsFound() {
        // No accented letter, in the middle of ~90 KB: not in any window the sampling read.
        let long = String(repeating: LanguageConsistencyTests.english + "\n", count: 120)
        let sentence = "Tunggu, saya pikir kita harus memeriksa asumsi ini sekali lagi sebelum melanjutkan karena hasilnya terlalu besar dan tidak masuk akal sama sekali."
        let r = LanguageConsistency.measure(prompt: "How many ways can five books be arranged on a shelf?",
                                            reasoning: long + " " + sentence + " " + long)
        #expect(r.full)
        #expect(r.foreign.contains { $0.code == "id" }, "\(r.foreign)")
    }

    @Test func cleanEnglishIsReadWithoutCLD2() {
        let long = String(repeating: LanguageConsistencyTests.english + "\n", count: 40)
        let r = LanguageConsistency.measure(prompt: "How many ways can five books be arranged on a shelf?", reasoning: long)
        #expect(!r.full)
        #expect(r.consistency == 1)
        #expect(r.topLang == "en")
    }

    // MARK: - The 64-byte block path against the unit-by-unit reading

    static func unitByUnit(_ bytes: [UInt8]) -> EnglishSentences.Reading {
        bytes.withUnsafeBufferPointer { b in
            var reader = EnglishSentences.Reader(bytes: b)
            var i = 0
            while i < b.count { i = reader.unit(at: i) }
            return reader.finish()
        }
    }

    static func read(_ bytes: [UInt8]) -> EnglishSentences.Reading {
        bytes.withUnsafeBufferPointer { EnglishSentences.read($0) }
    }

    @Test func blocksReadAsUnitByUnit() {
        // Common and other words of 1 to 12 letters, non-ASCII words, words longer than a block,
        // every sentence end, runs of ends, digits and symbols between words.
        let pieces = ["the", "a", "is", "we", "answer", "therefore", "Wait", "Let", "x", "il", "est", "très",
                      "Straße", "日本語", "zzzzzzzzzzzz", String(repeating: "long", count: 20), String(repeating: "é", count: 40),
                      ".", "!", "?", ";", ":", "\n", "..", ".\n\n", " ", " ", " ", "  ", "3", "=", "(", ")", "\t", "-"]
        var rng = SeededGenerator(state: 3)
        var suspects = 0
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int(rng.next() % 150) {
                text += pieces[Int(rng.next() % UInt64(pieces.count))]
                if rng.next() % 3 != 0 { text += " " }
            }
            let bytes = Array(text.utf8)
            let expected = Self.unitByUnit(bytes)
            let r = Self.read(bytes)
            #expect(r.suspects == expected.suspects, "\(text.debugDescription)")
            #expect(r.words == expected.words && r.judgedWords == expected.judgedWords, "\(text.debugDescription)")
            suspects += expected.suspects.count
        }
        #expect(suspects > 1000)
    }

    @Test func blocksOfAnyBytesReadAsUnitByUnit() {
        var rng = SeededGenerator(state: 9)
        let common = Array("abc de.!?;:\n é".utf8)
        for _ in 0..<5_000 {
            let bytes = (0..<Int(rng.next() % 400)).map { _ -> UInt8 in
                let r = rng.next()
                return r % 4 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : common[Int((r >> 8) % UInt64(common.count))]
            }
            let expected = Self.unitByUnit(bytes)
            let r = Self.read(bytes)
            #expect(r.suspects == expected.suspects && r.words == expected.words && r.judgedWords == expected.judgedWords)
        }
    }
}
