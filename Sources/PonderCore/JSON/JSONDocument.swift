/// A parsed JSON value over a byte buffer it does not own: a flat tape of nodes in document order.
///
/// Strings stay in the source bytes and are decoded only when asked for (`string(_:)`), so a
/// record's 40 KB chain of thought is copied once, when a detector or the screen needs it.
/// The buffer must outlive the document (it is the dataset's bytes, kept for the whole run).
public struct JSONDocument: @unchecked Sendable {
    public enum Kind: UInt8, Sendable {
        case object, array, string, number, `true`, `false`, null
    }

    /// One value. `start..<end` are byte offsets into `bytes`; for a string they exclude the quotes.
    /// `next` is the index of the node after this value's whole subtree (its next sibling).
    public struct Node: Sendable {
        public var kind: Kind
        /// For strings: the text contains a backslash escape. For containers: unused.
        public var escaped: Bool
        public var start: Int32
        public var end: Int32
        public var next: Int32
        /// For containers: number of elements (arrays) or members (objects).
        public var count: Int32
    }

    public let bytes: UnsafeRawBufferPointer
    public internal(set) var nodes: ContiguousArray<Node>

    public init(bytes: UnsafeRawBufferPointer, nodes: ContiguousArray<Node>) {
        self.bytes = bytes
        self.nodes = nodes
    }

    /// The root value's node index.
    public var root: Int { 0 }

    @inlinable public func kind(_ i: Int) -> Kind { nodes[i].kind }

    /// The elements of an array, as node indices.
    public func elements(_ i: Int) -> [Int] {
        let n = nodes[i]
        guard n.kind == .array else { return [] }
        var out: [Int] = []
        out.reserveCapacity(Int(n.count))
        var c = i + 1
        for _ in 0..<n.count {
            out.append(c)
            c = Int(nodes[c].next)
        }
        return out
    }

    /// The members of an object as (key node, value node) pairs, in document order.
    public func members(_ i: Int) -> [(key: Int, value: Int)] {
        let n = nodes[i]
        guard n.kind == .object else { return [] }
        var out: [(key: Int, value: Int)] = []
        out.reserveCapacity(Int(n.count))
        var c = i + 1
        for _ in 0..<n.count {
            let v = c + 1
            out.append((c, v))
            c = Int(nodes[v].next)
        }
        return out
    }

    /// The value of the last member named `key` (exact, case-sensitive), or nil.
    public func member(_ i: Int, _ key: String) -> Int? {
        let n = nodes[i]
        guard n.kind == .object else { return nil }
        var found: Int? = nil
        var key = key
        key.withUTF8 { k in
            var c = i + 1
            for _ in 0..<n.count {
                let v = c + 1
                if keyEquals(c, k) { found = v }
                c = Int(nodes[v].next)
            }
        }
        return found
    }

    private func keyEquals(_ keyNode: Int, _ k: UnsafeBufferPointer<UInt8>) -> Bool {
        let node = nodes[keyNode]
        if node.escaped { return string(keyNode).utf8.elementsEqual(k) }
        let len = Int(node.end - node.start)
        guard len == k.count else { return false }
        if len == 0 { return true }
        return memcmp(bytes.baseAddress! + Int(node.start), k.baseAddress!, len) == 0
    }

    /// The raw bytes of a value as written in the source (for strings, without the quotes).
    public func raw(_ i: Int) -> UnsafeRawBufferPointer {
        let n = nodes[i]
        return UnsafeRawBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
    }

    /// The full source text of a value, quotes included for strings.
    public func source(_ i: Int) -> String {
        let n = nodes[i]
        let s = n.kind == .string ? Int(n.start) - 1 : Int(n.start)
        let e = n.kind == .string ? Int(n.end) + 1 : Int(n.end)
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self)
    }

    /// The decoded text of a string node; for other scalars their source text; nil for containers.
    public func string(_ i: Int) -> String {
        let n = nodes[i]
        switch n.kind {
        case .string:
            if !n.escaped { return String(decoding: raw(i), as: UTF8.self) }
            return JSONStringDecoder.decode(raw(i))
        case .number, .true, .false, .null:
            return String(decoding: raw(i), as: UTF8.self)
        case .object, .array:
            return source(i)
        }
    }

    /// The string value of a node if it is a string, else nil.
    public func stringValue(_ i: Int?) -> String? {
        guard let i, nodes[i].kind == .string else { return nil }
        return string(i)
    }

    /// A number node's value (also accepts numeric strings such as `"12"`), else nil.
    public func number(_ i: Int?) -> Double? {
        guard let i else { return nil }
        switch nodes[i].kind {
        case .number, .string:
            let text = string(i)
            return Double(text.trimmingCharacters(in: .whitespaces))
        case .true: return 1
        case .false: return 0
        default: return nil
        }
    }

    /// A count (tokens, lengths) read from a number node or numeric string: nil when it is not a
    /// finite, non-negative value an `Int` can hold (`1e400`, a 400-digit integer, `-5`, `NaN`).
    public func count(_ i: Int?) -> Int? {
        guard let n = number(i), n.isFinite, n >= 0, n < 9.0e18 else { return nil }
        return Int(n)
    }

    /// A boolean reading of a node: true/false, 1/0, "true"/"yes"/"correct". Nil when it says neither.
    public func bool(_ i: Int?) -> Bool? {
        guard let i else { return nil }
        switch nodes[i].kind {
        case .true: return true
        case .false: return false
        case .number: return number(i).map { $0 > 0 }
        case .string:
            switch string(i).lowercased() {
            case "true", "yes", "correct", "1", "pass", "passed": return true
            case "false", "no", "incorrect", "wrong", "0", "fail", "failed": return false
            default: return nil
            }
        default: return nil
        }
    }
}

import Foundation
