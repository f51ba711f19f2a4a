import Testing
import PonderCore
@testable import PonderUI

@Suite struct UpdateTests {
    func program(_ keys: String = "", width: Int = 80, height: Int = 24) -> Program {
        let p = Program(data: FakeData(), width: width, height: height)
        for k in Key.parse(keys) { p.send(.key(k)) }
        return p
    }

    @Test func startsWithAllRowsAndFirstTraceLoaded() {
        let p = program()
        #expect(p.model.rows == [0, 1, 2, 3, 4, 5])
        #expect(p.model.current?.trace == 0)
    }

    @Test func movingSelectsAndLoads() {
        let p = program("jjj")
        #expect(p.model.selectedTrace == 3)
        #expect(p.model.current?.trace == 3)
        #expect(program("jjjjjjjjjj").model.selectedTrace == 5)
        #expect(program("G").model.selectedTrace == 5)
        #expect(program("Gg").model.selectedTrace == 0)
        #expect(program("jjk").model.selectedTrace == 1)
    }

    @Test func pureUpdateReturnsCommands() {
        var m = Model(width: 80, height: 24)
        #expect(update(&m, .key(.char("l"))) == [.computeRows])
        #expect(m.verdictFilter == .loop)
        #expect(update(&m, .key(.char("q"))) == [.quit])
        #expect(m.quit)
    }

    /// Input problems were only in the progress line, which goes away when loading ends (at once
    /// for a small file): the end of loading says how many there are and where to read them.
    @Test func inputProblemsAreSaidWhenLoadingEnds() {
        var m = Model(width: 80, height: 24)
        let (c, s, _) = FakeData().snapshot()
        _ = update(&m, .snapshot(c, s, LoadProgress(fraction: 0.5, done: false, message: "measuring", problems: 2), fileNames: ["f.jsonl"], facts: DatasetFacts()))
        #expect(m.message == nil)
        _ = update(&m, .snapshot(c, s, LoadProgress(fraction: 1, done: true, message: "loaded", problems: 2), fileNames: ["f.jsonl"], facts: DatasetFacts()))
        #expect(m.message?.contains("2 input problems") == true && m.messageIsError)
        var clean = Model(width: 80, height: 24)
        _ = update(&clean, .snapshot(c, s, LoadProgress(fraction: 1, done: true, message: "loaded"), fileNames: ["f.jsonl"], facts: DatasetFacts()))
        #expect(clean.message == nil)
    }

    @Test func keyboardFiltersCombineWithAnd() {
        #expect(program("l").model.rows == [1])
        #expect(program("t").model.rows == [1])
        #expect(program("lm").model.rows == [])
        #expect(program("m").model.rows == [2])
        #expect(program("i").model.rows == [2], "i: the language consistency verdict, one key like the others")
        #expect(program("il").model.rows == [])
        #expect(program("mm").model.rows.count == 6)
        #expect(program("lx").model.rows.count == 6)
    }

    @Test func expressionFilterAndError() {
        let p = program(":source == \"math\"<CR>")
        #expect(p.model.rows == [0, 1, 5])
        #expect(p.model.expression == "source == \"math\"")
        let bad = program(":reasoning.chars > 2<CR>")
        #expect(bad.model.mode == .input)
        #expect(bad.model.filterError?.column == 16)
        #expect(bad.model.rows.count == 6)
        #expect(program(":bogus<Esc>").model.mode == .browse)
        // A failed expression leaves the filter that worked in force, also after Esc.
        let kept = program(":source == \"math\"<CR>:reasoning.chars > 2<CR>")
        #expect(kept.model.mode == .input && kept.model.filterError != nil)
        #expect(kept.model.rows == [0, 1, 5] && kept.model.expression == "source == \"math\"")
        kept.send(.key(.escape))
        #expect(kept.model.mode == .browse && kept.model.rows == [0, 1, 5])
    }

    /// The prompt edits like a shell's line: the cursor moves, typing and deleting happen at it, and
    /// after a filter error it waits at the error's column.
    @Test func thePromptLineEditsAtItsCursor() {
        let p = program(":source = \"math\"<Left><Left><Left><Left><Left><Left><Left><Left>=<End> or loop<Home>(<End>)")
        #expect(p.model.input?.text == "(source == \"math\" or loop)")
        #expect(p.model.input?.cursor == p.model.input?.text.count)
        let typo = program(":xsource<Home><Del><Right><BS>")
        #expect(typo.model.input?.text == "ource" && typo.model.input?.cursor == 0)
        let bad = program(":reasoning.chars > 2<CR>")
        #expect(bad.model.input?.cursor == 16, "at the column the caret points to")
        bad.send(.key(.char("x")))
        #expect(bad.model.input?.text == "reasoning.chars x> 2")
        bad.send(.key(.ctrl("a")))
        bad.send(.key(.delete))
        #expect(bad.model.input?.text == "easoning.chars x> 2" && bad.model.input?.cursor == 0)
        // Keys arrive a scalar at a time: a combining accent or a skin-tone modifier joins the
        // character before it, and the cursor stays inside the text (it used to run past it).
        let marks = program("/")
        for k in ["e", "\u{301}", "x", "👍", "\u{1F3FD}", "y"] { marks.send(.key(.char(Character(k)))) }
        marks.send(.key(.backspace))
        marks.send(.key(.left))
        marks.send(.key(.char("z")))
        #expect(marks.model.input?.text == "e\u{301}x👍z\u{1F3FD}")
        marks.send(.key(.end))
        marks.send(.key(.backspace))
        marks.send(.key(.backspace))
        #expect(marks.model.input?.text == "e\u{301}x👍")
    }

    /// Up and Down walk the session's filters (and, apart, its searches), and come back to the line
    /// being typed.
    @Test func promptHistory() {
        let p = program(":source == \"math\"<CR>:<C-u>loop<CR>/wait<CR>:<C-u>mix<Up>")
        #expect(p.model.input?.text == "loop")
        p.send(.key(.up))
        #expect(p.model.input?.text == "source == \"math\"")
        p.send(.key(.up))
        #expect(p.model.input?.text == "source == \"math\"", "stays at the oldest")
        p.send(.key(.down))
        #expect(p.model.input?.text == "loop")
        p.send(.key(.down))
        #expect(p.model.input?.text == "mix", "back to what was being typed")
        let search = program("/wait<CR>/<Up>")
        #expect(search.model.input?.text == "wait")
    }

    @Test func focusZoomAndScroll() {
        let p = program("j<Tab><Tab>")
        #expect(p.model.focus == .reasoning)
        p.send(.key(.char("j")))
        #expect(p.model.selectedTrace == 1)  // pane focused: j scrolls the pane, not the table
        p.send(.key(.char("z")))
        #expect(p.model.zoomed)
        p.send(.key(.char("j")))
        #expect(p.model.scroll[.reasoning] ?? 0 >= 0)
        #expect(program("<Tab><Tab><Tab><Tab>").model.focus == .table)
        #expect(program("<S-Tab>").model.focus == .answer)
    }

    @Test func generationsOfTheSameRecord() {
        let p = program("]")
        #expect(p.model.selectedTrace == 1)
        p.send(.key(.char("[")))
        #expect(p.model.selectedTrace == 0)
        p.send(.key(.char("[")))
        #expect(p.model.selectedTrace == 0)
        #expect(p.model.message?.contains("first generation") == true)
        // The sibling is filtered out: stay and say so.
        let q = program("jjjjj]")
        #expect(q.model.selectedTrace == 5)
    }

    @Test func sortCyclesAndReverses() {
        let p = program("s")
        #expect(p.model.sort == .source)
        p.send(.key(.char("s")))
        #expect(p.model.sort == .promptChars)
        p.send(.key(.char("s")))  // reasoning chars
        #expect(p.model.sort == .reasoningChars)
        #expect(p.model.rows.first == 5)
        p.send(.key(.char("S")))
        #expect(p.model.rows.first == 1)
        // The selection follows its trace through a re-sort.
        #expect(p.model.selectedTrace == 0)
    }

    @Test func flagPickerSavesLabels() {
        let p = program("j")
        p.send(.key(.char("f")))
        #expect(p.model.mode == .flagPicker)
        for k in Key.parse("j<Space>jjj<Space><CR>") { p.send(.key(k)) }
        #expect(p.model.mode == .browse)
        #expect(p.data.flags(of: 1)?.labels == ["loop", "other"])
        #expect(p.model.message == "flags saved")
        for k in Key.parse("eneeds review<CR>") { p.send(.key(k)) }
        #expect(p.data.flags(of: 1)?.note == "needs review")
        #expect(p.data.flags(of: 1)?.labels == ["loop", "other"])
        for k in Key.parse("gF") { p.send(.key(k)) }
        #expect(p.model.rows == [1])
    }

    @Test func searchAndHighlightJump() {
        let p = program("j/check<CR>")
        #expect(p.model.search == "check")
        #expect(p.model.focus == .table)
        #expect(p.model.searchAt?.pane == .reasoning)
        #expect(p.model.message?.contains("match") == true)
        let q = program("jj*")
        #expect(q.model.focus == .table)
        let r = program("/zzzz<CR>")
        #expect(r.model.messageIsError)
    }

    @Test func distributionBarFilters() {
        let p = program("D")
        #expect(p.model.mode == .distribution)
        for k in Key.parse("<CR>") { p.send(.key(k)) }
        #expect(p.model.mode == .browse)
        #expect(p.model.lengthRange != nil)
        #expect(p.model.rows.count >= 1 && p.model.rows.count < 6)
        #expect(program("D<Esc>").model.mode == .browse)
    }

    @Test func helpOpensAndCloses() {
        #expect(program("?").model.mode == .help)
        #expect(program("?q").model.mode == .browse)
        #expect(program("?q").model.quit == false)
        #expect(program("h<Esc>").model.mode == .browse)
    }

    @Test func mouseClickAndWheel() {
        let p = program()
        // The table's first data row is at y = 2 (header, table titles).
        p.send(.mouse(x: 5, y: 4, kind: .click))
        #expect(p.model.selectedTrace == 2)
        p.send(.mouse(x: 5, y: 4, kind: .wheelDown))
        #expect(p.model.selectedTrace == 5)
        p.send(.mouse(x: 40, y: 20, kind: .click))
        #expect(p.model.focus == .reasoning)
    }

    @Test func rowsGrowWhileLoading() {
        let d = FakeData()
        d.loaded = 2
        d.progress = LoadProgress(fraction: 0.3, done: false, message: "reading")
        let p = Program(data: d, width: 80, height: 24)
        #expect(p.model.rows.count == 2)
        #expect(p.render(width: 80, height: 24).lines[23].contains("30%"))
        d.loaded = 6
        d.progress = LoadProgress(fraction: 1, done: true, message: "done")
        p.refresh()
        #expect(p.model.rows.count == 6)
    }

    @Test func tinySizesNeverCrash() {
        let d = FakeData()
        for (w, h) in [(0, 0), (1, 1), (2, 1), (10, 3), (3, 10), (15, 5), (30, 7)] {
            for keys in ["", "jj<Tab><Tab>z", "D", "?", "jf", ":x>1<CR>", "/e<CR>n", "]]][[[*", "D<Tab><CR>", "s<Tab>G<C-u>"] {
                let s = replay(keys: keys, data: d, width: w, height: h)
                #expect(s.split(separator: "\n", omittingEmptySubsequences: false).count == max(h, 1) || w == 0 || h == 0)
            }
        }
    }
}

@Suite struct MoreUpdateTests {
    @Test func escapeClearsTheSearch() {
        let p = Program(data: FakeData(), width: 80, height: 24)
        for k in Key.parse("/check<CR><Esc>") { p.send(.key(k)) }
        #expect(p.model.search == nil)
    }

    @Test func emptyAnswerIsSaid() {
        let s = replay(keys: "j", data: FakeData(), width: 80, height: 24)
        #expect(s.contains("(no answer)"))
    }

    @Test func headerShowsTheSelectedTracesMetadata() {
        let s = replay(keys: "jj", data: FakeData(), width: 120, height: 24)
        #expect(s.components(separatedBy: "\n")[0].contains("algebra · gen 0"))
    }
}

@Suite struct SearchTests {
    @Test func nextMatchMovesToTheNextMatchingTrace() {
        let p = Program(data: FakeData(), width: 80, height: 24)
        for k in Key.parse("/what is<CR>") { p.send(.key(k)) }
        #expect(p.model.selectedTrace == 0)
        #expect(p.model.focus == .table)
        #expect(p.model.searchAt?.pane == .prompt)
        p.send(.key(.char("n")))
        #expect(p.model.selectedTrace == 1)
        p.send(.key(.char("n")))
        #expect(p.model.selectedTrace == 5)
        p.send(.key(.char("n")))
        #expect(p.model.selectedTrace == 0)  // wraps around
        p.send(.key(.char("N")))
        #expect(p.model.selectedTrace == 5)
    }

    @Test func searchStartsInTheNextTraceWhenThisOneHasNoMatch() {
        let p = Program(data: FakeData(), width: 80, height: 24)
        for k in Key.parse("/勾股<CR>") { p.send(.key(k)) }
        #expect(p.model.selectedTrace == 3)
        #expect(p.model.current?.trace == 3)
    }
}

@Suite struct DataSafetyTests {
    @Test func aFailedFlagWriteIsNeverShownAsSaved() {
        let d = FakeData()
        d.failWrites = true
        let p = Program(data: d, width: 80, height: 24)
        for k in Key.parse("f<Space><CR>") { p.send(.key(k)) }
        #expect(p.model.messageIsError)
        #expect(p.model.message?.contains("NOT saved") == true)
        #expect(d.flags(of: 0) == nil)
        #expect(!p.render(width: 80, height: 24).text.contains("⚑"))
    }

    @Test func firstScreenBeforeLoadingEnds() {
        let d = FakeData()
        d.loaded = 0
        d.progress = LoadProgress(fraction: 0, done: false, message: "indexing")
        let s = replay(keys: "jjl", data: d, width: 80, height: 24)
        #expect(s.contains("0 of 0 traces"))
        #expect(s.contains("loading…"))
        #expect(s.contains("indexing"))
    }
}

final class NegativeColumnData: InspectorData, @unchecked Sendable {
    let base = FakeData()
    func snapshot() -> (columns: TraceColumns, strings: StringTable, progress: LoadProgress) { base.snapshot() }
    var fileNames: [String] { base.fileNames }
    func text(of trace: Int) -> TraceText { base.text(of: trace) }
    func highlights(of trace: Int) -> TraceHighlights { base.highlights(of: trace) }
    func filter(_ e: String, among: [Int32]) -> Result<[Int32], FilterFailure> { .failure(FilterFailure(column: -7, message: "odd")) }
    func flags(of trace: Int) -> (labels: [String], note: String?)? { nil }
    func changeFlags(of trace: Int, _ change: FlagChange) throws {}
}

@Suite struct RobustnessTests {
    @Test func oddFilterFailureColumnsDoNotCrash() {
        let s = replay(keys: ":x<CR>", data: NegativeColumnData(), width: 40, height: 10)
        #expect(s.contains("^ odd"))
    }

    @Test func hugeReplaySizesAreClamped() {
        let s = replay(keys: "", data: FakeData(), width: 100_000, height: 100_000)
        #expect(s.components(separatedBy: "\n").count == 1000)
    }
}

@Suite struct RandomKeysTests {
    /// Random key sequences at random sizes: never a crash, always a screen of the right height.
    @Test func randomKeysNeverCrash() {
        var seed: UInt64 = 0x9E3779B97F4A7C15
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        let pool: [Key] = KeyMap.all.flatMap(\.keys) + [.char("a"), .char("中"), .char(">"), .left, .right, .enter, .escape]
        for _ in 0..<60 {
            let w = next(120), h = next(40)
            let p = Program(data: FakeData(), width: w, height: h)
            for _ in 0..<80 {
                let k = pool[next(pool.count)]
                if k == .ctrl("c") || k == .char("q") { continue }
                p.send(.key(k))
                if next(10) == 0 { p.send(.mouse(x: next(max(1, w)), y: next(max(1, h)), kind: [.click, .wheelUp, .wheelDown][next(3)])) }
            }
            let b = p.render(width: w, height: h)
            #expect(b.lines.count == h)
        }
    }
}

@Suite struct SelectionThroughFiltersTests {
    func program(_ keys: String) -> Program {
        let p = Program(data: FakeData(), width: 80, height: 24)
        for k in Key.parse(keys) { p.send(.key(k)) }
        return p
    }

    /// A new user's trial: `F` with nothing flagged empties the table; turning it off went back to row 1.
    @Test func removingAFilterKeepsTheSelectedTrace() {
        #expect(program("jjjFF").model.selectedTrace == 3)
        #expect(program("jjjlx").model.selectedTrace == 3)
        #expect(program("jjjll").model.selectedTrace == 3)
        #expect(program("jjjmm").model.selectedTrace == 3)
        #expect(program("jjj:loop<CR>:<C-u><CR>").model.selectedTrace == 3)
        #expect(program("jjjl:mixed<CR>lx").model.selectedTrace == 3)
        // Before any move: the first row's trace is the one to come back to.
        #expect(program("o").model.selectedTrace == 4)
        #expect(program("ox").model.selectedTrace == 0)
        #expect(program("oss").model.selectedTrace == 4)
        let p = program("jjjF")
        #expect(p.model.rows.isEmpty)
        p.send(.key(.char("F")))
        #expect(p.model.selected == 3)
        #expect(p.render(width: 80, height: 24).lines[23].contains("4/6"))
    }

    @Test func addingAFilterKeepsTheTraceWhenItMatchesElseTheNearestRow() {
        // Trace 2 is mixed: it stays selected.
        #expect(program("jjm").model.selectedTrace == 2)
        // Trace 3 is not a duplicate; the next duplicate after it is trace 5.
        #expect(program("jjjd").model.selectedTrace == 5)
        // Trace 3 is not a loop and none follows it: the last loop row (trace 1).
        #expect(program("jjjl").model.selectedTrace == 1)
        #expect(program("jjj:source == \"math\"<CR>").model.selectedTrace == 5)
        // Sorted by reasoning length, descending: the nearest row in that order.
        let p = program("sssS")
        #expect(p.model.rows == [1, 2, 4, 3, 0, 5])
        p.send(.key(.char("k")))  // trace 3 (40 chars)
        #expect(p.model.selectedTrace == 3)
        for k in Key.parse(":source == \"math\"<CR>") { p.send(.key(k)) }
        #expect(p.model.rows == [1, 0, 5])
        #expect(p.model.selectedTrace == 0)  // 40 chars too, and after trace 3 in this order
        for k in Key.parse(":<C-u><CR>") { p.send(.key(k)) }
        #expect(p.model.selectedTrace == 3)
    }

    @Test func aFilterThatMovedTheSelectionDoesNotMoveItAgainOnSort() {
        let p = program("jjjl")  // trace 3 hidden: trace 1 shown
        #expect(p.model.selectedTrace == 1)
        p.send(.key(.char("s")))
        #expect(p.model.selectedTrace == 1)
    }
}

@Suite struct FocusTests {
    func program(_ keys: String) -> Program {
        let p = Program(data: FakeData(), width: 80, height: 24)
        for k in Key.parse(keys) { p.send(.key(k)) }
        return p
    }

    /// A new user's trial: `/` moved the focus to a pane without showing it, so `g` scrolled that
    /// pane instead of going to the first row. Searching keeps the focus where it was.
    @Test func gAfterASearchGoesToTheFirstRow() {
        let p = program("jjj/what is<CR>")
        #expect(p.model.selectedTrace == 5)
        #expect(p.model.focus == .table)
        p.send(.key(.char("g")))
        #expect(p.model.selectedTrace == 0)
        let q = program("jjj/what is<CR>G")
        #expect(q.model.selectedTrace == 5)
        #expect(q.model.selected == 5)
        // `*` scrolls the reasoning to the highlight; `g` still goes to the first row.
        let r = program("jj*g")
        #expect(r.model.selectedTrace == 0)
    }

    /// With a pane focused, the search scrolls the pane with the match and `g` scrolls the focused pane.
    @Test func searchWithAPaneFocusedKeepsThatFocus() {
        let p = program("j<Tab><Tab>/check<CR>")
        #expect(p.model.focus == .reasoning)
        #expect(p.model.selectedTrace == 1)
        p.send(.key(.char("g")))
        #expect(p.model.selectedTrace == 1)
        #expect(p.model.scroll[.reasoning] ?? 0 == 0)
    }

    /// The focused pane's title is marked in text, so focus shows without colour too.
    @Test func theFocusedPaneIsMarked() {
        func titles(_ keys: String) -> (table: String, panes: String) {
            let b = program(keys).render(width: 80, height: 24)
            let panes = b.lines.first { $0.contains("Prompt") && $0.contains("Reasoning") } ?? ""
            return (b.lines[1], panes)
        }
        #expect(titles("").table.hasPrefix("▸"))
        #expect(!titles("").panes.contains("▸"))
        #expect(titles("<Tab>").panes.hasPrefix("▸Prompt"))
        #expect(!titles("<Tab>").table.hasPrefix("▸"))
        #expect(titles("<Tab><Tab>").panes.contains("▸Reasoning"))
        #expect(titles("<S-Tab>").panes.contains("▸Answer"))
        #expect(titles("/check<CR>").table.hasPrefix("▸"))
    }
}
