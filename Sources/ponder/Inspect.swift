import ArgumentParser
import Foundation
import PonderCore
import PonderTerminal
import PonderUI

/// Where the bundled demo lives: beside the package the binary was built from, or the current folder.
func demoDatasetPath() -> String? {
    var candidates = ["fixtures/demo.jsonl"]
    let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var dir = exe.deletingLastPathComponent()
    for _ in 0..<4 {
        candidates.append(dir.appendingPathComponent("fixtures/demo.jsonl").path)
        dir = dir.deletingLastPathComponent()
    }
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
}

/// Options for the flags sidecar, shared by the inspector, export, check and flags.
struct FlagArguments: ParsableArguments {
    @Option(name: .customLong("flags-file"), help: "The flags sidecar (default: FIRST-FILE.ponder-flags.jsonl beside the first dataset).")
    var flagsFile: String?

    /// The sidecar's path; nil for standard input without --flags-file.
    func path(for files: [String]) -> String? {
        if let flagsFile { return flagsFile }
        if let first = files.first, first != "-" { return FlagLog.sidecarPath(forDataset: first) }
        return nil
    }

    /// Opens the sidecar; nil for standard input without --flags-file. Its problems (damaged lines)
    /// are reported on stderr (and stay in `warnings`). `reading`: the command only reads flags, so
    /// a --flags-file that does not exist is a mistake (a typo would silently mean "no flags").
    func open(for files: [String], reading: Bool = false) throws -> FlagLog? {
        guard let path = path(for: files) else { return nil }
        if reading, let flagsFile, !FileManager.default.fileExists(atPath: flagsFile) {
            throw ValidationError("no flags file \(flagsFile)")
        }
        do {
            let log = try FlagLog.open(path: path)
            for w in log.warnings { printError("ponder: \(w)\n") }
            return log
        } catch {
            throw ValidationError("cannot read flags \(path): \(error)")
        }
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the inspector (the default: `ponder FILE...`; no file opens the bundled demo).")

    @OptionGroup var load: LoadArguments
    @OptionGroup var flagArgs: FlagArguments

    func run() throws {
        var files = load.files
        if files.isEmpty {
            guard let demo = demoDatasetPath() else {
                throw ValidationError("no input files, and the bundled demo (fixtures/demo.jsonl) was not found; run from the repository or name a file")
            }
            files = [demo]
        }
        try checkInputsExist(files)
        // `ponder - < data` or `cmd | ponder -`: the data is on standard input, the keys come from
        // the terminal. The data moves to another descriptor, the terminal takes standard input.
        if files.contains("-"), isatty(0) == 0, isatty(1) != 0 {
            let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
            if tty >= 0 {
                FileBytes.standardInput = dup(0)
                dup2(tty, 0)
                close(tty)
            }
        }
        let dataset = Dataset(options: try load.options())
        let flagLog = try flagArgs.open(for: files)
        let data = DatasetInspector(dataset: dataset, flagLog: flagLog, names: files)
        let paths = files
        FileBytes.installGuard()
        // Load in the background: the first screen shows while the rest is read and measured.
        // The dataset-wide facts (outlier statistics) are computed there too, not on a key press.
        data.preparesFactsInBackground = true
        Thread.detachNewThread {
            Loader.load(paths, into: dataset)
            data.prepareFacts()
        }
        let signalled: Int32
        do {
            signalled = try runInspector(data: data)
        } catch {
            throw ValidationError("\(error)")
        }
        // Ended by SIGINT, SIGTERM or SIGHUP: the terminal is restored; now end as that signal
        // would have, so that a shell or supervisor sees how (status 128 + signal).
        if signalled != 0 {
            signal(signalled, SIG_DFL)
            raise(signalled)
        }
    }
}

struct View: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Headless inspector: replay keys and print the final screen (for tests and scripts).")

    @OptionGroup var load: LoadArguments
    @OptionGroup var flagArgs: FlagArguments
    @Option(help: "Keys in vim-like notation, e.g. 'jj<Tab>z:loop<CR>'.")
    var keys: String = ""
    @Option(help: "Screen size WIDTHxHEIGHT.")
    var dumpScreen: String = "80x24"

    func run() throws {
        let parts = dumpScreen.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 1000 else {
            throw ValidationError("--dump-screen takes WIDTHxHEIGHT, e.g. 80x24")
        }
        var files = load.files
        if files.isEmpty, let demo = demoDatasetPath() { files = [demo] }
        guard !files.isEmpty else { throw ValidationError("no input files") }
        let dataset = Dataset(options: try load.options())
        Loader.load(files, into: dataset)
        let data = DatasetInspector(dataset: dataset, flagLog: try flagArgs.open(for: files), names: files)
        print(replay(keys: keys, data: data, width: parts[0], height: parts[1]))
    }
}

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the inspector's key bindings (the README's key reference is this output).")
    @Flag(help: "Markdown, as in the README.")
    var markdown = false

    func run() {
        print(KeyMap.markdown())
    }
}

/// Exits with status 1 and a message when a named input is missing or a folder: the inspector
/// would open on nothing (a typo such as `ponder statz FILE` reads `statz` as a file).
func checkInputsExist(_ files: [String]) throws {
    let commands = Ponder.configuration.subcommands.map { $0._commandName }
    for f in files where f != "-" {
        var st = stat()
        if stat(f, &st) != 0 {
            var message = "ponder: \(f): \(String(cString: strerror(errno)))"
            if !f.contains("/"), !f.contains("."), let near = commands.first(where: { ExpressionParser.editDistance(Array($0.unicodeScalars), Array(f.unicodeScalars)) <= 2 }) {
                message += " (did you mean `ponder \(near)`?)"
            }
            printError(message + "\n")
            throw ExitCode(1)
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            printError("ponder: \(f): is a folder, expected a JSONL or JSON file\n")
            throw ExitCode(1)
        }
    }
}
