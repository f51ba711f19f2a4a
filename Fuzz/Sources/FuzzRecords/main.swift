// Fuzz target (a): the record reader. Arbitrary bytes as a dataset file (JSONL, one top-level array,
// an object mapping keys to records, gzip), split by `RecordIndex`, then every record through the
// JSON parser and every node of the tape read back, as the loader and the inspector do.
// Checks, beyond "no crash, no hang": record spans lie inside the file, in order, on rising lines.
import Foundation
import FuzzReplay
import PonderCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecords(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let file: FileBytes
    if size >= 2, input[0] == 0x1F, input[1] == 0x8B {
        // gzip goes through the real reading path: a file, mapped, then inflated.
        guard let gz = readThroughFile(input) else { return 0 }
        file = gz
    } else {
        file = FileBytes.inMemory(input, name: "fuzz.jsonl")
    }
    let index = RecordIndex.build(file)
    let n = file.bytes.count
    var previousEnd = -1
    var previousLine: Int32 = 0
    var parser = JSONParser()
    for span in index.spans {
        precondition(span.start >= 0 && span.start <= span.end && span.end <= n, "span \(span) outside 0..<\(n)")
        precondition(span.start > previousEnd || index.shape != .jsonl, "spans overlap")
        precondition(span.line >= previousLine && span.line >= 1, "lines go back: \(span.line) after \(previousLine)")
        previousEnd = span.end
        previousLine = span.line
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[span.start..<span.end])
        switch parser.parseResult(raw) {
        case .success(let doc): walk(doc)
        case .failure(let error):
            precondition(error.offset >= 0 && error.offset <= raw.count, "error offset \(error.offset) outside the record")
            precondition(!error.reason.isEmpty)
        }
    }
    return 0
}

/// Reads every node the way layouts and the inspector do: kinds, strings, numbers, members.
func walk(_ doc: JSONDocument) {
    precondition(!doc.nodes.isEmpty)
    var stack = [doc.root]
    while let i = stack.popLast() {
        let node = doc.nodes[i]
        precondition(node.start >= 0 && node.start <= node.end && Int(node.end) <= doc.bytes.count, "node outside the record")
        switch doc.kind(i) {
        case .object:
            for (k, v) in doc.members(i) {
                _ = doc.string(k)
                stack.append(v)
            }
        case .array:
            stack.append(contentsOf: doc.elements(i))
        case .string:
            _ = doc.string(i)
        case .number:
            _ = doc.number(i)
        default:
            _ = doc.bool(i)
        }
    }
}

/// Writes the bytes to a temporary file and reads it back with `FileBytes.read` (mapping, gunzip).
func readThroughFile(_ bytes: [UInt8]) -> FileBytes? {
    let path = NSTemporaryDirectory() + "/ponder-fuzz-\(getpid()).jsonl.gz"
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
    defer { unlink(path) }
    return try? FileBytes.read(path)
}

runFuzzer(fuzzRecords)
