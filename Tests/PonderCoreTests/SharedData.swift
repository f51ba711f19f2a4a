import Foundation

/// Locates `../shared/data` beside the package (the project's shared folder). Tests that read it
/// say so and skip where it is absent, as in a user's clone.
enum SharedData {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var root: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    static func folder(_ name: String) -> URL? {
        guard let url = root?.appendingPathComponent(name),
              FileManager.default.fileExists(atPath: url.path) else { return nil }
        return url
    }

    static var fixtures: URL { packageRoot.appendingPathComponent("fixtures") }
}
