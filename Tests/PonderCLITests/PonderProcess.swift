import Foundation
import Testing
import TestSupport

/// Runs the real `ponder` binary built beside the test bundle.
struct PonderProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The tests' own index cache (never the user's).
    static let cacheDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("ponder-test-cache-\(getpid())").path

    static var fixtures: URL { packageRoot.appendingPathComponent("fixtures") }

    /// `../shared/data/NAME` beside the package, nil where absent (a user's clone).
    static func sharedData(_ name: String) -> URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/\(name)")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// `ponder` sits in the same products folder as the test runner.
    static var binary: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ponder")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/ponder")
    }

    static func run(_ args: [String], stdin: Data? = nil, environment: [String: String] = [:]) throws -> Output {
        var env = ["PONDER_CACHE_DIR": cacheDirectory]
        for (k, v) in environment { env[k] = v }
        let r = try Spawn.run(binary.path, args, stdin: stdin, environment: env, directory: packageRoot.path)
        if r.timedOut { Issue.record("ponder \(args.joined(separator: " ")) did not finish; killed") }
        return Output(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }

    /// Parses JSON Lines output into dictionaries.
    static func jsonLines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
