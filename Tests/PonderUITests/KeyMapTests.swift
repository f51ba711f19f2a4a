import Testing
@testable import PonderUI

@Suite struct KeyMapTests {
    @Test func everyActionIsBound() {
        let bound = Set(KeyMap.all.map(\.action))
        for a in Action.allCases { #expect(bound.contains(a), "unbound action \(a)") }
    }

    @Test func noKeyBoundTwiceInOneMode() {
        for mode in Mode.allCases {
            var seen: [Key: Action] = [:]
            for b in KeyMap.bindings(in: mode) {
                for k in b.keys {
                    #expect(seen[k] == nil, "\(k.notation) bound to \(seen[k].map { "\($0)" } ?? "") and \(b.action) in \(mode)")
                    seen[k] = b.action
                }
            }
        }
    }

    @Test func helpAndMarkdownComeFromTheKeyMap() {
        let md = KeyMap.markdown()
        let help = helpLines().joined(separator: "\n")
        for b in KeyMap.all {
            #expect(md.contains(b.help), "README reference misses \(b.action)")
            #expect(help.contains(b.help), "help screen misses \(b.action)")
        }
    }

    @Test func parseNotation() {
        #expect(Key.parse("jj<Tab>z<C-d>:loop<CR>") ==
                [.char("j"), .char("j"), .tab, .char("z"), .ctrl("d"), .char(":"), .char("l"), .char("o"), .char("o"), .char("p"), .enter])
        #expect(Key.parse("<lt><Esc><S-Tab><PgDn><x") == [.char("<"), .escape, .backTab, .pageDown, .char("<"), .char("x")])
    }
}
