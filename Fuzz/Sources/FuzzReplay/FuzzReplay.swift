import Foundation
import FuzzDriver

/// A fuzz target's body: one input, return 0 (libFuzzer's `LLVMFuzzerTestOneInput` signature).
public typealias FuzzTarget = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs `target` under libFuzzer when the program was linked with it (`-sanitize=fuzzer`), else
/// replays the files named on the command line through it once each (a plain build, for debugging).
public func runFuzzer(_ target: FuzzTarget) -> Never {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = withUnsafeMutablePointer(to: &argv) { argvPointer in
        argvPointer.withMemoryRebound(to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 1) {
            ponder_fuzz_run(&argc, $0, target)
        }
    }
    if status >= 0 { exit(status) }
    let files = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("-") }
    if files.isEmpty {
        FileHandle.standardError.write(Data("built without -sanitize=fuzzer: give input files to replay them\n".utf8))
        exit(2)
    }
    for path in files {
        guard let data = FileManager.default.contents(atPath: path) else {
            FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
            exit(2)
        }
        let bytes = [UInt8](data)
        _ = bytes.withUnsafeBufferPointer { target($0.baseAddress, $0.count) }
        print("ok \(path)")
    }
    exit(0)
}
