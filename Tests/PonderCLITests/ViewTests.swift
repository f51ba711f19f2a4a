import Foundation
import Testing

/// The headless inspector (`ponder view --keys … --dump-screen WxH`) on the bundled demo.
@Suite struct ViewTests {
    static func statusLine(_ keys: String) throws -> String {
        let out = try PonderProcess.run(["view", "fixtures/demo.jsonl", "--keys", keys, "--dump-screen", "120x10"])
        return String(out.stdout.split(separator: "\n").last ?? "")
    }

    @Test func nextMatchMovesOnToTheNextMatchingTrace() throws {
        let first = try Self.statusLine("/boxed<Enter>")
        let next = try Self.statusLine("/boxed<Enter>n")
        #expect(first.contains("demo.jsonl:2#0"), "\(first)")
        #expect(!next.contains("demo.jsonl:2#0"), "n stayed on the first match: \(next)")
    }

    @Test func filterKeyChangesTheCount() throws {
        let out = try PonderProcess.run(["view", "fixtures/demo.jsonl", "--keys", "l", "--dump-screen", "120x10"])
        #expect(out.stdout.hasPrefix(" Ponder  11 of 259 traces"), "\(out.stdout)")
    }
}
