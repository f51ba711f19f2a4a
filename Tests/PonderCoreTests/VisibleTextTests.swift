import Testing
@testable import PonderCore

/// Text from the data in plain-text reports: control characters shown, never sent.
@Suite struct VisibleTextTests {
    @Test func controlsBecomeVisibleAndLayoutCanStay() {
        #expect(VisibleText.escape("plain café 中文") == "plain café 中文")
        #expect(VisibleText.escape("a\u{1B}[31mb\u{1B}]52;c;eA==\u{07}c\r\u{08}\u{7F}") == "a^[[31mb^[]52;c;eA==^Gc^M^H^?")
        #expect(VisibleText.escape("\u{9B}1m \u{202E}x\u{202C} \u{2066}\u{2069} \u{200F}") == "<U+009B>1m <U+202E>x<U+202C> <U+2066><U+2069> <U+200F>")
        #expect(VisibleText.escape("line\n\tnext") == "line^J^Inext")
        #expect(VisibleText.escape("line\n\tnext", keepLayout: true) == "line\n\tnext")
    }
}
