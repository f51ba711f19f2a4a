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
