import Foundation
import Testing
@testable import PonderCore

/// Test helpers for layouts: fixture locations and records parsed over buffers that live for the
/// whole test run (a `JSONDocument` does not own its bytes).
enum LayoutFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let formats = packageRoot.appendingPathComponent("fixtures/formats")
    /// Real published traces, shared beside the worktrees; absent on other machines.
    static let realData = packageRoot.appendingPathComponent("../shared/data/real").standardized

    /// The address of every buffer `document` parsed over: they live for the whole test run, and
    /// holding their addresses here lets LeakSanitizer (scripts/sanitize.sh), which scans memory for
    /// pointer values, see them as owned rather than leaked.
    private static let buffers = Locked<[UInt]>([])

    /// Parses bytes into a document over a copy that lives until the test run ends.
    static func document(_ bytes: some Collection<UInt8>) throws -> JSONDocument {
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        _ = buf.initializeMemory(as: UInt8.self, from: bytes)
        buffers.withLock { $0.append(UInt(bitPattern: buf.baseAddress)) }
        var parser = JSONParser()
        return try parser.parse(UnsafeRawBufferPointer(rebasing: buf[0..<bytes.count]))
    }

    static func document(_ text: String) throws -> JSONDocument { try document(Array(text.utf8)) }

    /// One document per non-blank line of a JSONL file.
    static func lines(_ url: URL) throws -> [JSONDocument] {
        let data = try Data(contentsOf: url)
        return try data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D } }
            .map { try document(Array($0)) }
    }

    static func fixture(_ name: String) throws -> [JSONDocument] {
        try lines(formats.appendingPathComponent(name))
    }

    /// The traces of every record of a file, with the plan recognised from the whole file.
    static func traces(_ docs: [JSONDocument], explicit: ExplicitPaths? = nil) -> (LayoutPlan, [RecordTraces]) {
        let plan = LayoutPlan.recognize(sample: Array(docs.prefix(64)), explicit: explicit)
        return (plan, docs.map { plan.traces(in: $0) })
    }
}
