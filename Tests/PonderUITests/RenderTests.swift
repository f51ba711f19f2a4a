import Testing
import PonderCore
@testable import PonderUI

@Suite struct RenderTests {
    func screen(_ keys: String, width: Int = 80, height: Int = 24) -> ScreenBuffer {
        let p = Program(data: FakeData(), width: width, height: height)
        for k in Key.parse(keys) { p.send(.key(k)) }
        return p.render(width: width, height: height)
    }

    func cells(_ b: ScreenBuffer, role: StyleRole) -> String {
        var s = ""
        for y in 0..<b.height { for x in 0..<b.width where b[x, y].role == role { s += b[x, y].text } }
        return s
    }

    @Test func loopSpanIsHighlighted() {
        let b = screen("j<Tab><Tab>z")
        #expect(cells(b, role: .loopSpan).contains("Let me check again."))
        #expect(!cells(b, role: .loopSpan).contains("We need"))
    }

    @Test func foreignSpanIsHighlighted() {
        let b = screen("jj")
        #expect(cells(b, role: .foreignSpan) == "分解")
    }

    @Test func searchMatchesAreHighlightedAndWinOverOtherSpans() {
        let b = screen("j/CHECK<CR>")
        #expect(cells(b, role: .searchMatch).contains("check"))
        #expect(cells(b, role: .searchMatch).count % 5 == 0)
    }

    @Test func selectionAndHeaderCounts() {
        let b = screen("jj")
        #expect(b.lines[0].contains("6 of 6 traces"))
        #expect(cells(b, role: .selection).contains("algebra"))
        let f = screen("l")
        #expect(f.lines[0].contains("1 of 6 traces"))
        #expect(f.lines[0].contains("filter: loop"))
    }

    @Test func goldAnswerBelowTheModelsAnswer() {
        let b = screen("")
        #expect(b.text.contains("── gold answer ──"))
        #expect(cells(b, role: .gold).contains("5"))
    }

    @Test func flaggedTraceShowsItsLabels() {
        let b = screen("jf<Space><CR>")
        #expect(b.text.contains("⚑mixed"))
    }

    @Test func noControlCharacterReachesTheScreen() {
        for keys in ["jjjj", "jjjjz<Tab>z", "jjjj<Tab><Tab><Tab>z"] {
            let b = screen(keys)
            for c in b.cells {
                #expect(!c.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x202A...0x202E).contains($0.value) })
            }
        }
    }
}

@Suite struct GenerationNumberTests {
    func screen(_ keys: String, width: Int) -> ScreenBuffer {
        let p = Program(data: FakeData(), width: width, height: 24)
        for k in Key.parse(keys) { p.send(.key(k)) }
        return p.render(width: width, height: 24)
    }

    /// The value under a table column's title on the selected row (row 1 of the table is `selectedRow`).
    func column(_ b: ScreenBuffer, _ title: String, row: Int) -> String {
        let titles = b.lines[1]
        guard let r = titles.range(of: " \(title) ") else { return "?" }
        let end = titles.distance(from: titles.startIndex, to: r.upperBound) - 1
        let line = Array(b.lines[2 + row])
        return String(line[max(0, end - 3)..<min(line.count, end)]).trimmingCharacters(in: .whitespaces)
    }

    /// `ponder scan` reports `generation` 0-based and `ponder check` prints `file:line#generation`:
    /// the inspector shows the same numbers in the header, the table and the status line.
    @Test func generationIsZeroBasedAsScanAndCheckPrintIt() {
        let first = screen("", width: 200)
        #expect(first.lines[0].contains("math · gen 0"), "\(first.lines[0])")
        #expect(first.lines[23].contains("fake.jsonl:1#0"), "\(first.lines[23])")
        #expect(column(first, "gen", row: 0) == "0")
        let second = screen("j", width: 200)
        #expect(second.lines[0].contains("math · gen 1"), "\(second.lines[0])")
        #expect(second.lines[23].contains("fake.jsonl:1#1"), "\(second.lines[23])")
        #expect(column(second, "gen", row: 1) == "1")
        #expect(column(second, "gen", row: 2) == "0")
        // The flag picker names the trace the same way.
        #expect(screen("jf", width: 80).text.contains("Flag fake.jsonl:1#1"))
    }
}

/// Smaller things a new user's trial ran into.
@Suite struct TrialFixesTests {
    /// The demo's mixed traces read "M" in flags but "0%" in mix: a few foreign letters in a long
    /// reasoning are a fraction of a percent.
    @Test func aMixedTraceNeverReadsZeroPercent() {
        #expect(mixLabel(0) == "")
        #expect(mixLabel(0.0004) == "<.1%")
        #expect(mixLabel(0.003) == "0.3%")
        #expect(mixLabel(0.094) == "9.4%")
        #expect(mixLabel(0.12) == "12%")
        #expect(mixLabel(1) == "100%")
        for v in stride(from: Float(0.0001), through: 1, by: 0.0007) { #expect(Width.of(mixLabel(v)) <= 4) }
    }

    /// The arrows a new user reaches for move between panes, as Tab does.
    @Test func arrowsMoveTheFocus() {
        let p = Program(data: FakeData(), width: 80, height: 24)
        p.send(.key(.right))
        #expect(p.model.focus == .prompt)
        p.send(.key(.left))
        p.send(.key(.left))
        #expect(p.model.focus == .answer)
    }

    /// The header's metadata loses its least telling items when the line is short, not all of it.
    @Test func headerKeepsTheSourceWhenItCannotShowEverything() {
        let line = Program(data: FakeData(), width: 30, height: 10).render(width: 30, height: 10).lines[0]
        #expect(line.hasSuffix("  math"), "\(line)")
    }

    /// A note written with `e` is shown with the trace (it showed nowhere).
    @Test func theNoteShowsInTheHeader() {
        let p = Program(data: FakeData(), width: 100, height: 24)
        for k in Key.parse("eneeds a second look<CR>") { p.send(.key(k)) }
        #expect(p.render(width: 100, height: 24).lines[0].contains("note: needs a second look"))
    }

    /// The help screen says what the table's marks mean.
    @Test func helpExplainsTheTable() {
        let help = helpLines().joined(separator: "\n")
        #expect(help.contains("M mixed, L loop, T truncated, O length outlier, D duplicate prompt"))
        #expect(help.contains("gen: generation from 0"))
        for line in helpLines() { #expect(Width.of(line) <= 78, "help line wider than 80 columns: \(line)") }
    }
}

/// Search ignores case in every script, and its ranges are the text's own bytes.
@Suite struct SearchMatchTests {
    @Test func capitalsOutsideASCIIAreFound() {
        let text = "Итак, проверим ещё раз. Grace hat 27 Äpfel. ÉTÉ"
        func found(_ needle: String) -> [String] {
            matchRanges(of: needle, in: text).map { r in
                String(decoding: Array(text.utf8)[r], as: UTF8.self)
            }
        }
        #expect(found("Итак") == ["Итак"])
        #expect(found("итак") == ["Итак"])
        #expect(found("ПРОВЕРИМ") == ["проверим"])
        #expect(found("äpfel") == ["Äpfel"])
        #expect(found("ÄPFEL") == ["Äpfel"])
        #expect(found("été") == ["ÉTÉ"])
        #expect(found("grace HAT") == ["Grace hat"])
        #expect(found("zebra").isEmpty)
        // A scalar whose lowercase is longer (U+0130 → i + U+0307) is matched whole.
        #expect(matchRanges(of: "i", in: "xİy") == [1..<3])
    }
}

/// The picker's edit is a change, applied to the flag as it is when saved.
@Suite struct FlagChangeTests {
    @Test func onlyWhatTheUserToggledChanges() {
        var p = FlagPicker(trace: 0, chosen: ["loop", "custom"])
        p.chosen.remove("loop")
        p.chosen.insert("mixed")
        let change = p.change()
        #expect(change.added == ["mixed"] && change.removed == ["loop"] && change.note == nil)
        // Another inspector added "truncated" meanwhile; the custom label is not one of the picker's.
        let applied = change.applied(to: ["custom", "loop", "truncated"], note: "theirs")
        #expect(applied.labels == ["custom", "truncated", "mixed"] && applied.note == "theirs")
        let noted = p.change(note: .some("mine")).applied(to: ["custom"], note: "theirs")
        #expect(noted.note == "mine")
        #expect(p.change(note: .some(nil)).applied(to: [], note: "theirs").note == nil)
    }
}

/// On a short screen the flag picker scrolls its labels to keep the cursor's in view, above the status line.
@Suite struct FlagPickerRenderTests {
    @Test func theCursorsLabelIsAlwaysOnScreen() {
        let p = Program(data: FakeData(), width: 40, height: 5)
        for k in "fjjjj" { p.send(.key(.char(k))) }
        let screen = p.render(width: 40, height: 5).text
        #expect(screen.contains("other"), "\(screen)")
        #expect(screen.split(separator: "\n").last?.contains("Enter apply") == true)
    }
}
