/// Marked fixtures (STYLE.md, Tests): expected spans are marked in a test's text with ⟦ and ⟧.
enum MarkedFixture {
    /// Strips the ⟦ ⟧ marks from `marked`; returns the clean text and the UTF-8 byte ranges
    /// (in the clean text) that the marks enclosed, in order.
    static func parse(_ marked: String) -> (text: String, spans: [Range<Int>]) {
        var clean = ""
        var spans: [Range<Int>] = []
        var open: Int? = nil
        for scalar in marked.unicodeScalars {
            switch scalar {
            case "⟦": open = clean.utf8.count
            case "⟧":
                if let start = open { spans.append(start..<clean.utf8.count) }
                open = nil
            default: clean.unicodeScalars.append(scalar)
            }
        }
        return (clean, spans)
    }
}
