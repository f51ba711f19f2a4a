import Foundation
import Testing
import PonderCore
@testable import PonderUI

/// `fixtures/adversarial/escapes.jsonl`, read by the real loader and drawn by the real renderer:
/// no cell of the screen buffer holds a control character, DEL, a C1 control or a bidi control
/// (what PonderTerminal would send to the terminal), and each hazard is shown visibly.
@Suite struct AdversarialDisplayTests {
    /// The inspector's view of a loaded fixture: text from the store, no filter, no flags.
    final class LoadedFixture: InspectorData, @unchecked Sendable {
        let dataset = Dataset()
        let names: [String]
        init(_ path: String) {
            names = [path]
            Loader.load([path], into: dataset)
        }
        func snapshot() -> (columns: TraceColumns, strings: StringTable, progress: LoadProgress) {
            let (c, s) = dataset.snapshot()
            return (c, s, LoadProgress(fraction: 1, done: true, message: "loaded"))
        }
        var fileNames: [String] { names }
        func text(of trace: Int) -> TraceText { dataset.text(of: trace) }
        func highlights(of trace: Int) -> TraceHighlights { TraceHighlights() }
        func filter(_ expression: String, among: [Int32]) -> Result<[Int32], FilterFailure> { .success(among) }
        func flags(of trace: Int) -> (labels: [String], note: String?)? { nil }
        func changeFlags(of trace: Int, _ change: FlagChange) throws {}
    }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/adversarial/escapes.jsonl").path

    static func isHazard(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C || v == 0x2028 || v == 0x2029
            || v == 0x200B || v == 0x2060 || v == 0xFEFF
    }

    static func screen(_ keys: String, _ data: InspectorData, width: Int, height: Int) -> ScreenBuffer {
        let p = Program(data: data, width: width, height: height)
        for k in Key.parse(keys) { p.send(.key(k)) }
        return p.render(width: width, height: height)
    }

    @Test func noControlCharacterReachesTheScreenBuffer() throws {
        let data = LoadedFixture(Self.fixture)
        #expect(data.snapshot().columns.count == 4)
        var screens = 0
        for trace in 0..<4 {
            let move = String(repeating: "j", count: trace)
            for pane in ["", "<Tab>", "<Tab><Tab>", "<Tab><Tab><Tab>"] {
                for zoom in ["", "z", "zG", "zjjjj"] {
                    for (w, h) in [(80, 24), (200, 50), (12, 5), (33, 9)] {
                        let buf = Self.screen(move + pane + zoom, data, width: w, height: h)
                        screens += 1
                        let bad = buf.cells.enumerated().filter { $0.element.text.unicodeScalars.contains(where: Self.isHazard) }
                        #expect(bad.isEmpty, "trace \(trace + 1) keys '\(pane)\(zoom)' \(w)x\(h): \(bad.prefix(3).map { ($0.offset % w, $0.offset / w, $0.element.text.unicodeScalars.map { String($0.value, radix: 16) }) })")
                    }
                }
            }
        }
        #expect(screens == 4 * 4 * 4 * 4)
    }

    @Test func hazardsAreShownVisibly() throws {
        let data = LoadedFixture(Self.fixture)
        let prompt = Self.screen("<Tab>z", data, width: 200, height: 20).text
        #expect(prompt.contains("CSI: ^[[31mred^[[0m ^[[2J^[[H^[[10;10Hmoved^[[?1049l^[[?25l end"), "\(prompt)")
        let reasoning = Self.screen("<Tab><Tab>z", data, width: 200, height: 20).text
        #expect(reasoning.contains("^[]52;c;cG9uZGVyLXBhc3RlZA==^G"), "\(reasoning)")
        #expect(reasoning.contains("^[]52;p;cG9uZGVyLXByaW1hcnk=^[\\"), "\(reasoning)")
        #expect(reasoning.contains("^[]0;PONDER-PWNED-TITLE^G"), "\(reasoning)")
        let answer = Self.screen("<Tab><Tab><Tab>z", data, width: 200, height: 20).text
        #expect(answer.contains("bare ESC: ^[ then RIS ^[c and save ^[7 restore ^[8 done"), "\(answer)")
        let controls = Self.screen("j<Tab>z", data, width: 200, height: 20).text
        #expect(controls.contains("carriage return: visible^MHIDDEN"), "\(controls)")
        let controlsReasoning = Self.screen("j<Tab><Tab>z", data, width: 200, height: 20).text
        #expect(controlsReasoning.contains("backspaces: abc^H^H^HXYZ; bell ^G; DEL ^?; form feed ^L; vertical tab ^K; C1 CSI <U+009B>31m and C1 OSC <U+009D>0;t<U+009C>."),
                "\(controlsReasoning)")
        let bidi = Self.screen("jj<Tab>z", data, width: 200, height: 20).text
        #expect(bidi.contains("bidi: <U+202E>evil<U+202C> <U+202D>forced<U+202C> <U+2066>isolate<U+2069> <U+2067>rtl<U+2069> <U+2068>first<U+2069> <U+200F>RLM<U+200E> LRM <U+061C> ALM"),
                "\(bidi)")
        let zeroWidth = Self.screen("jj<Tab><Tab>z", data, width: 200, height: 20).text
        #expect(zeroWidth.contains("zero-width: ab "), "the zero-width space is not drawn: \(zeroWidth)")
        #expect(zeroWidth.contains("gh ij softhyphen"), "word joiner, BOM and soft hyphen are not drawn: \(zeroWidth)")
        let table = Self.screen("", data, width: 120, height: 12).text
        #expect(table.contains("esc^[[7msource^[]52"), "the source column shows the escapes too: \(table)")
        #expect(table.contains("bidi<U+202E>"), "\(table)")
    }
}
