// swift-tools-version:6.0
// libFuzzer targets for PonderCore. A package of its own so that `swift build` and `swift test` of
// Ponder never see them. scripts/fuzz.sh builds them with `-sanitize=fuzzer,address`; each
// target's main.swift hands its test function to `runFuzzer` (FuzzReplay), which starts libFuzzer
// (FuzzDriver, a C shim), or, in a build without the fuzzer, replays the input files named on the
// command line.
import PackageDescription
import Foundation

// A path dependency's identity is its folder's name (the worktree's, not "Ponder").
let ponderRoot = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent()
let ponder = ponderRoot.lastPathComponent.lowercased()

let package = Package(
    name: "PonderFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzReplay", dependencies: ["FuzzDriver"]),
    ] + ["FuzzRecords", "FuzzLayouts", "FuzzQuery"].map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzReplay", .product(name: "PonderCore", package: ponder)]
        )
    }
)
