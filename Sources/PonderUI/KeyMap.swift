/// A key press, independent of the terminal library.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace, delete

    /// Vim-like notation, as used by `replay(keys:)` and the help screen.
    public var notation: String {
        switch self {
        case .char(" "): return "<Space>"
        case .char("<"): return "<lt>"
        case .char(let c): return String(c)
        case .ctrl(let c): return "<C-\(c)>"
        case .up: return "<Up>"
        case .down: return "<Down>"
        case .left: return "<Left>"
        case .right: return "<Right>"
        case .pageUp: return "<PgUp>"
        case .pageDown: return "<PgDn>"
        case .home: return "<Home>"
        case .end: return "<End>"
        case .tab: return "<Tab>"
        case .backTab: return "<S-Tab>"
        case .enter: return "<CR>"
        case .escape: return "<Esc>"
        case .backspace: return "<BS>"
        case .delete: return "<Del>"
        }
    }

    /// Human label for help: `j`, `Ctrl-d`, `Tab`, `PgDn`.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-\(c)"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backTab: return "Shift-Tab"
        default:
            let n = notation
            return String(n.dropFirst().dropLast())
        }
    }

    /// Parses a key string in vim-like notation: `jjj<Tab>z<C-d>:loop<CR>`. Unknown `<…>` names are
    /// taken literally, character by character.
    public static func parse(_ s: String) -> [Key] {
        let named: [String: Key] = [
            "tab": .tab, "s-tab": .backTab, "cr": .enter, "enter": .enter, "return": .enter, "esc": .escape,
            "bs": .backspace, "backspace": .backspace, "del": .delete, "up": .up, "down": .down, "left": .left,
            "right": .right, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
            "home": .home, "end": .end, "space": .char(" "), "lt": .char("<"), "bar": .char("|"),
        ]
        var keys: [Key] = []
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            if chars[i] == "<", let close = chars[i...].firstIndex(of: ">"), close > i + 1 {
                let name = String(chars[(i + 1)..<close])
                let lower = name.lowercased()
                if let k = named[lower] {
                    keys.append(k); i = close + 1; continue
                }
                if lower.hasPrefix("c-"), name.count == 3, let c = name.last {
                    keys.append(.ctrl(Character(c.lowercased()))); i = close + 1; continue
                }
            }
            keys.append(.char(chars[i]))
            i += 1
        }
        return keys
    }
}

/// The inspector's modes: which bindings are live.
public enum Mode: String, Sendable, CaseIterable {
    /// The table and panes.
    case browse
    /// Typing a filter expression, a search or a note.
    case input
    case help
    case distribution
    case flagPicker

    /// How help and the README name the mode.
    public var title: String {
        switch self {
        case .browse: return "table and panes"
        case .input: return "typing a filter, search, note or path"
        case .help: return "help"
        case .distribution: return "distribution view"
        case .flagPicker: return "flag picker"
        }
    }
}

/// Everything a key can do. Named, so that code and tests can call them too.
public enum Action: String, Sendable, CaseIterable {
    case moveDown, moveUp, pageDown, pageUp, halfPageDown, halfPageUp, top, bottom
    case focusNext, focusPrevious, zoom, previousGeneration, nextGeneration
    case toggleMixed, toggleInconsistent, toggleLoop, toggleTruncated, toggleOutlier, toggleDuplicate, toggleFlagged, clearFilters
    case filterExpression, search, nextMatch, previousMatch, jumpToHighlight
    case sortNext, sortReverse, help, flag, note, export, distribution, quit
    // Input line.
    case submit, cancel, deleteBackward, deleteForward, clearInput, cursorLeft, cursorRight, lineStart, lineEnd
    case historyPrevious, historyNext
    // Help, distribution and flag picker.
    case close, switchHistogram, previousGroup, nextGroup, toggleLabel
    /// Ctrl-C where `q` means something else.
    case forceQuit
    case clearSearch
}

public struct KeyBinding: Sendable {
    public var action: Action
    public var keys: [Key]
    /// Short name shown in the status line.
    public var label: String
    /// Imperative help text.
    public var help: String
    public var category: String
    public var modes: Set<Mode>
    /// Shown in the status line's "keys that matter now".
    public var essential: Bool

    public init(_ action: Action, _ keys: [Key], _ label: String, _ help: String, _ category: String,
                _ modes: Set<Mode>, essential: Bool = false) {
        self.action = action
        self.keys = keys
        self.label = label
        self.help = help
        self.category = category
        self.modes = modes
        self.essential = essential
    }
}

public enum KeyMap {
    /// The only place keys are defined. Drives the dispatcher, the help screen and `markdown()`.
    public static let all: [KeyBinding] = [
        KeyBinding(.moveDown, [.char("j"), .down], "down", "move down one row, or scroll the focused pane", "Move", [.browse]),
        KeyBinding(.moveUp, [.char("k"), .up], "up", "move up one row, or scroll the focused pane", "Move", [.browse]),
        KeyBinding(.pageDown, [.pageDown, .char(" ")], "page", "page down", "Move", [.browse, .help]),
        KeyBinding(.pageUp, [.pageUp, .char("b")], "page up", "page up", "Move", [.browse, .help]),
        KeyBinding(.halfPageDown, [.ctrl("d")], "½ down", "half a page down", "Move", [.browse, .help]),
        KeyBinding(.halfPageUp, [.ctrl("u")], "½ up", "half a page up", "Move", [.browse, .help]),
        KeyBinding(.top, [.char("g"), .home], "top", "go to the first row (or top of the pane)", "Move", [.browse]),
        KeyBinding(.bottom, [.char("G"), .end], "bottom", "go to the last row (or end of the pane)", "Move", [.browse]),
        KeyBinding(.focusNext, [.tab, .right], "focus", "focus the next pane: table, prompt, reasoning, answer", "Panes", [.browse], essential: true),
        KeyBinding(.focusPrevious, [.backTab, .left], "focus back", "focus the previous pane", "Panes", [.browse]),
        KeyBinding(.zoom, [.char("z")], "zoom", "zoom the focused pane to the whole screen, or back", "Panes", [.browse]),
        KeyBinding(.previousGeneration, [.char("[")], "prev gen", "go to the previous generation of the same record", "Panes", [.browse]),
        KeyBinding(.nextGeneration, [.char("]")], "next gen", "go to the next generation of the same record", "Panes", [.browse]),
        KeyBinding(.toggleMixed, [.char("m")], "mixed", "show only language-mixed traces (toggle)", "Filter", [.browse]),
        KeyBinding(.toggleInconsistent, [.char("i")], "inconsistent", "show only traces off the prompt's language (toggle)", "Filter", [.browse]),
        KeyBinding(.toggleLoop, [.char("l")], "loop", "show only traces ending in a loop (toggle)", "Filter", [.browse]),
        KeyBinding(.toggleTruncated, [.char("t")], "truncated", "show only truncated traces (toggle)", "Filter", [.browse]),
        KeyBinding(.toggleOutlier, [.char("o")], "outlier", "show only length outliers (toggle)", "Filter", [.browse]),
        KeyBinding(.toggleDuplicate, [.char("d")], "duplicate", "show only duplicate prompts (toggle)", "Filter", [.browse]),
        KeyBinding(.toggleFlagged, [.char("F")], "flagged", "show only flagged traces (toggle)", "Filter", [.browse]),
        KeyBinding(.clearFilters, [.char("x")], "clear", "clear every filter, the expression and the length range", "Filter", [.browse]),
        KeyBinding(.filterExpression, [.char(":")], "filter", "filter with an expression (empty clears it)", "Filter", [.browse], essential: true),
        KeyBinding(.search, [.char("/")], "search", "search the text, from the selected trace on", "Search", [.browse], essential: true),
        KeyBinding(.nextMatch, [.char("n")], "next", "go to the next match (then the next matching trace)", "Search", [.browse]),
        KeyBinding(.previousMatch, [.char("N")], "prev", "go to the previous match (then the previous matching trace)", "Search", [.browse]),
        KeyBinding(.clearSearch, [.escape], "clear search", "clear the search and the message", "Search", [.browse]),
        KeyBinding(.jumpToHighlight, [.char("*")], "highlight", "scroll the reasoning to its first loop or foreign span", "Search", [.browse]),
        KeyBinding(.sortNext, [.char("s")], "sort", "sort by the next column (cycle)", "View", [.browse]),
        KeyBinding(.sortReverse, [.char("S")], "reverse", "reverse the sort order", "View", [.browse]),
        KeyBinding(.distribution, [.char("D")], "distribution", "length histograms per source; Enter on a bar filters to it", "View", [.browse]),
        KeyBinding(.help, [.char("?"), .char("h")], "help", "show this help", "View", [.browse], essential: true),
        KeyBinding(.flag, [.char("f")], "flag", "flag the trace: pick labels", "Flags", [.browse], essential: true),
        KeyBinding(.note, [.char("e")], "note", "edit the trace's note", "Flags", [.browse]),
        KeyBinding(.export, [.char("E")], "export", "export the visible traces (original lines) to a file", "Flags", [.browse]),
        KeyBinding(.quit, [.char("q"), .ctrl("c")], "quit", "quit", "View", [.browse], essential: true),
        // Typing a filter, a search, a note or a path.
        KeyBinding(.submit, [.enter], "apply", "apply", "Prompt", [.input, .flagPicker], essential: true),
        KeyBinding(.cancel, [.escape, .ctrl("c")], "cancel", "cancel", "Prompt", [.input, .flagPicker], essential: true),
        KeyBinding(.deleteBackward, [.backspace], "delete", "delete the character before the cursor", "Prompt", [.input]),
        KeyBinding(.deleteForward, [.delete, .ctrl("d")], "delete forward", "delete the character under the cursor", "Prompt", [.input]),
        KeyBinding(.cursorLeft, [.left, .ctrl("b")], "left", "move the cursor left", "Prompt", [.input]),
        KeyBinding(.cursorRight, [.right, .ctrl("f")], "right", "move the cursor right", "Prompt", [.input]),
        KeyBinding(.lineStart, [.home, .ctrl("a")], "start", "move the cursor to the start", "Prompt", [.input]),
        KeyBinding(.lineEnd, [.end, .ctrl("e")], "end", "move the cursor to the end", "Prompt", [.input]),
        KeyBinding(.clearInput, [.ctrl("u")], "clear", "clear the line", "Prompt", [.input]),
        KeyBinding(.historyPrevious, [.up, .ctrl("p")], "previous", "the previous filter or search of this session", "Prompt", [.input]),
        KeyBinding(.historyNext, [.down, .ctrl("n")], "next", "the next filter or search of this session", "Prompt", [.input]),
        // The help screen.
        KeyBinding(.moveDown, [.char("j"), .down], "down", "scroll down one line", "Help", [.help]),
        KeyBinding(.moveUp, [.char("k"), .up], "up", "scroll up one line", "Help", [.help]),
        KeyBinding(.top, [.char("g"), .home], "top", "go to the top", "Help", [.help]),
        KeyBinding(.bottom, [.char("G"), .end], "end", "go to the end", "Help", [.help]),
        KeyBinding(.close, [.escape, .char("q"), .char("?"), .char("h")], "close", "close the help", "Help", [.help], essential: true),
        // The distribution view.
        KeyBinding(.moveDown, [.char("j"), .down], "down", "select the next bar", "Distribution", [.distribution]),
        KeyBinding(.moveUp, [.char("k"), .up], "up", "select the previous bar", "Distribution", [.distribution]),
        KeyBinding(.top, [.char("g"), .home], "first", "select the first bar", "Distribution", [.distribution]),
        KeyBinding(.bottom, [.char("G"), .end], "last", "select the last bar", "Distribution", [.distribution]),
        KeyBinding(.submit, [.enter], "filter", "show only the traces of the selected bar", "Distribution", [.distribution], essential: true),
        KeyBinding(.switchHistogram, [.tab], "measure", "switch between reasoning, answer and reported token lengths", "Distribution", [.distribution], essential: true),
        KeyBinding(.nextGroup, [.char("]"), .right], "source", "show the next source's histogram (after all sources)", "Distribution", [.distribution], essential: true),
        KeyBinding(.previousGroup, [.char("["), .left], "prev source", "show the previous source's histogram", "Distribution", [.distribution]),
        KeyBinding(.close, [.escape, .char("q"), .char("D")], "close", "close the distribution view", "Distribution", [.distribution], essential: true),
        KeyBinding(.forceQuit, [.ctrl("c")], "quit", "quit the inspector", "View", [.help, .distribution]),
        // The flag picker.
        KeyBinding(.moveDown, [.char("j"), .down], "down", "move to the next label", "Flags", [.flagPicker]),
        KeyBinding(.moveUp, [.char("k"), .up], "up", "move to the previous label", "Flags", [.flagPicker]),
        KeyBinding(.toggleLabel, [.char(" "), .char("x")], "toggle", "toggle the label under the cursor", "Flags", [.flagPicker], essential: true),
    ]

    /// The action bound to `key` in `mode`, if any.
    public static func action(for key: Key, in mode: Mode) -> Action? {
        table[mode]?[key]
    }

    private static let table: [Mode: [Key: Action]] = {
        var t: [Mode: [Key: Action]] = [:]
        for b in all { for m in b.modes { for k in b.keys where t[m]?[k] == nil { t[m, default: [:]][k] = b.action } } }
        return t
    }()

    public static func bindings(in mode: Mode) -> [KeyBinding] { all.filter { $0.modes.contains(mode) } }

    /// The key reference for the README (between `<!-- keys:begin -->` and `<!-- keys:end -->`).
    public static func markdown() -> String {
        var out = ""
        var categories: [String] = []
        for b in bindings(in: .browse) where !categories.contains(b.category) { categories.append(b.category) }
        for c in categories {
            out += "### \(c)\n\n| keys | action |\n|---|---|\n"
            for b in bindings(in: .browse) where b.category == c {
                let keys = b.keys.map { "`\($0.label == "|" ? "\\|" : $0.label)`" }.joined(separator: ", ")
                out += "| \(keys) | \(b.help) |\n"
            }
            out += "\n"
        }
        out += "### Other screens\n\n| screen | keys | action |\n|---|---|---|\n"
        for mode in [Mode.input, .help, .distribution, .flagPicker] {
            for b in bindings(in: mode) {
                out += "| \(mode.title) | \(b.keys.map { "`\($0.label)`" }.joined(separator: ", ")) | \(b.help) |\n"
            }
        }
        return out
    }
}
