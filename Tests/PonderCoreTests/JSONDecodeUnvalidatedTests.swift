import Testing
@testable import PonderCore

/// `JSONStringDecoder.decode` is given validated content, but stays inside its buffer on any bytes:
/// a `\u` without four hex digits (which validation rejects) once decoded to 3 bytes for 2 read.
@Suite struct JSONDecodeUnvalidatedTests {
    @Test func badUnicodeEscapesStayInsideTheBuffer() {
        for text in ["\\u12", "\\u", "\\u\\u\\u\\u", String(repeating: "\\u", count: 1000), "a\\uZZZZb\\n", "\\"] {
            var bytes = Array(text.utf8)
            let s = bytes.withUnsafeMutableBytes { JSONStringDecoder.decode(UnsafeRawBufferPointer($0)) }
            #expect(s.utf8.count <= text.utf8.count, "\(text.prefix(20))")
        }
        var ok = Array("caf\\u00e9 \\ud83d\\ude00 \\n".utf8)
        #expect(ok.withUnsafeMutableBytes { JSONStringDecoder.decode(UnsafeRawBufferPointer($0)) } == "café 😀 \n")
    }
}
