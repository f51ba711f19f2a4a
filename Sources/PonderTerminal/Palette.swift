import CNcursesw
import PonderUI

/// The one place where style roles become colours (or, under `NO_COLOR`, attributes only).
struct Palette {
    struct Look { var attrs: attr_t; var pair: Int16 }
    private(set) var looks: [StyleRole: Look] = [:]

    init(color: Bool) {
        let bold = ponder_a_bold(), rev = ponder_a_reverse(), under = ponder_a_underline(), dim = ponder_a_dim()
        let plain = ponder_a_normal()
        // role: (foreground, background, attributes with colour, attributes without)
        let table: [(StyleRole, Int16, Int16, attr_t, attr_t)] = [
            (.normal, -1, -1, plain, plain),
            (.header, Int16(COLOR_WHITE), Int16(COLOR_BLUE), bold, bold | rev),
            (.selection, Int16(COLOR_BLACK), Int16(COLOR_CYAN), plain, rev),
            (.dim, -1, -1, dim, dim),
            (.loopSpan, Int16(COLOR_BLACK), Int16(COLOR_YELLOW), plain, under),
            (.foreignSpan, Int16(COLOR_WHITE), Int16(COLOR_MAGENTA), bold, bold | under),
            (.searchMatch, Int16(COLOR_BLACK), Int16(COLOR_GREEN), plain, rev),
            (.status, Int16(COLOR_BLACK), Int16(COLOR_WHITE), plain, rev),
            (.flagged, Int16(COLOR_YELLOW), -1, bold, bold),
            (.error, Int16(COLOR_WHITE), Int16(COLOR_RED), bold, bold | rev),
            (.title, -1, -1, bold, bold),
            (.focusedTitle, Int16(COLOR_BLACK), Int16(COLOR_CYAN), bold, bold | rev),
            (.input, -1, -1, bold, bold),
            (.barSelected, Int16(COLOR_BLACK), Int16(COLOR_CYAN), bold, rev),
            (.bar, Int16(COLOR_CYAN), -1, plain, plain),
            (.threshold, Int16(COLOR_RED), -1, plain, bold),
            (.gold, Int16(COLOR_GREEN), -1, plain, dim),
        ]
        for (i, entry) in table.enumerated() {
            let (role, fg, bg, colorAttrs, monoAttrs) = entry
            if color {
                let pair = Int16(i + 1)
                init_pair(pair, fg, bg)
                looks[role] = Look(attrs: colorAttrs, pair: pair)
            } else {
                looks[role] = Look(attrs: monoAttrs, pair: 0)
            }
        }
    }

    func look(_ role: StyleRole) -> Look { looks[role] ?? Look(attrs: ponder_a_normal(), pair: 0) }
}
