/// A syntax or type error in a filter expression, with where it is.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based offset in Unicode scalars into the expression; equal to its length when the error is at the end.
    public var column: Int
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column + 1): \(message)" }

    /// The expression, a caret under the column, and the message, on three lines:
    ///
    ///     reasoning.chars > "abc"
    ///                       ^
    ///     reasoning.chars is a number: compare it with a number or a percentile like p99
    ///
    /// Control characters in the source are shown as `·`; wide (CJK) characters get two caret
    /// columns and combining marks none, so the caret stays under its character in a terminal.
    public func caretDescription(source: String) -> String {
        var line = ""
        var pad = ""
        for (offset, scalar) in source.unicodeScalars.enumerated() {
            let shown: Unicode.Scalar = scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) ? "·" : scalar
            line.unicodeScalars.append(shown)
            if offset < column { pad += String(repeating: " ", count: Self.width(of: shown)) }
        }
        return line + "\n" + pad + "^\n" + message
    }

    private static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let v = scalar.value
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}
