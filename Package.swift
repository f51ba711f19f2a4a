// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Ponder",
    products: [
        .executable(name: "ponder", targets: ["ponder"]),
        .library(name: "PonderCore", targets: ["PonderCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries: module maps and shim headers only.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Small C helpers; ICU's regex C API (Debian libicu-dev) behind plain functions, since its
        // names are versioned by macros Swift cannot import.
        .target(name: "CGuard", path: "Sources/CGuard", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        // CLD2 (Debian libcld2-dev, no pkg-config): a C++ shim with a plain C API.
        .target(name: "CCLD2", linkerSettings: [.linkedLibrary("cld2")]),

        // The engine: reading, layouts, detectors, store, filter language, flags, export.
        .target(
            name: "PonderCore",
            dependencies: ["CZlib", "CGuard", "CCLD2"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // The inspector's logic: Model, update, render into an in-memory ScreenBuffer.
        .target(name: "PonderUI", dependencies: ["PonderCore"]),
        // The only code that touches the terminal.
        .target(name: "PonderTerminal", dependencies: ["PonderUI", "CNcursesw"]),
        .executableTarget(
            name: "ponder",
            dependencies: [
                "PonderCore", "PonderUI", "PonderTerminal", "CGuard",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Child processes for the tests, with a deadline (no Foundation.Process).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PonderCoreTests", dependencies: ["PonderCore", "TestSupport"]),
        .testTarget(name: "PonderUITests", dependencies: ["PonderUI", "PonderCore"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "PonderCLITests", dependencies: ["PonderCore", "TestSupport"]),
    ]
)
