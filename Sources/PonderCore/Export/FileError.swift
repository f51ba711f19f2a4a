#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system failure as a value: what Ponder was doing, on which path, and why.
/// `description` is the message shown to the user, for example
/// `cannot write /data/out.jsonl: No space left on device (the target is unchanged)`.
public struct FileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was attempted, as a verb phrase ("write", "open", "lock", "rename").
    public var action: String
    public var path: String
    /// The `errno` value, when the failure came from a system call.
    public var code: Int32?
    /// A human explanation; for system errors, `strerror(code)`.
    public var reason: String
    /// What this failure did *not* damage, said to reassure the user ("earlier flags are intact").
    public var consequence: String?

    public init(action: String, path: String, code: Int32? = nil, reason: String, consequence: String? = nil) {
        self.action = action
        self.path = path
        self.code = code
        self.reason = reason
        self.consequence = consequence
    }

    /// A failure of a system call, described by `errno`.
    public static func system(_ action: String, _ path: String, errno code: Int32, consequence: String? = nil) -> FileError {
        FileError(action: action, path: path, code: code, reason: String(cString: strerror(code)), consequence: consequence)
    }

    public var description: String {
        var s = "cannot \(action) \(path): \(reason)"
        if let consequence { s += " (\(consequence))" }
        return s
    }
}
