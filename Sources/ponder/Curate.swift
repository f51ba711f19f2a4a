import ArgumentParser
import Foundation
import PonderCore

extension ExportFormat: ExpressibleByArgument {}
extension Selection.FlagsRule: ExpressibleByArgument {}

/// Compiles a `--where` expression, turning its error into a usage error with a caret.
func selectTraces(_ dataset: Dataset, flagLog: FlagLog?, where expression: String?, flags: Selection.FlagsRule) throws -> [Int] {
    let selection = Selection(expression: expression, flags: flags)
    do {
        return try selection.traces(in: Selection.context(dataset, flagLog: flagLog), flagLog: flagLog)
    } catch {
        throw ValidationError("bad --where expression:\n" + error.caretDescription(source: expression ?? ""))
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the selected traces to a new file, atomically (never over an input).")

    @OptionGroup var load: LoadArguments
    @OptionGroup var flagArgs: FlagArguments
    @Option(name: .customLong("where"), help: "Filter expression, e.g. 'not loop and mix < 0.01'.")
    var expression: String?
    @Option(help: "Flagged traces: include, exclude or only.")
    var flags: Selection.FlagsRule = .include
    @Option(name: .shortAndLong, help: "Output file (refused if it exists, unless --force).")
    var output: String
    @Option(help: "original (records byte for byte), messages (chat with <think>), sharegpt.")
    var format: ExportFormat = .original
    @Flag(help: "Replace an existing output file.")
    var force = false

    func run() throws {
        // Asked before loading: an existing target is the command line's mistake (exit 2), and
        // finding it out after a minute of loading helps nobody. The writer checks again.
        try refuseExisting(output, force: force)
        if let problem = DatasetExport.nameProblem(output) { throw ValidationError("\(output): \(problem)") }
        let dataset = try load.load()
        let inputProblems = reportProblems(dataset)
        let flagLog = try flagArgs.open(for: load.files, reading: true)
        let hadProblems = inputProblems || !(flagLog?.warnings.isEmpty ?? true)
        let traces = try selectTraces(dataset, flagLog: flagLog, where: expression, flags: flags)
        do {
            let r = try DatasetExport.write(dataset, traces: traces, format: format, to: output, force: force,
                                            protected: flagArgs.path(for: load.files).map { [$0] } ?? [])
            printError("ponder: \(r.summary), as \(format.rawValue)\n")
        } catch {
            // `ponder export -o - | head` ends quietly, as scan and stats do on a closed pipe.
            if output == "-", error.code == EPIPE { if hadProblems { throw ExitCode(1) }; return }
            printError("ponder: export failed: \(error)\n")
            throw ExitCode(1)
        }
        if hadProblems { throw ExitCode(1) }
    }
}

/// A usage error (exit 2) when `path` is a folder, or an existing file and `--force` was not given.
/// Standard output (`-`), a device or a FIFO is a stream, written as it goes.
func refuseExisting(_ path: String, force: Bool) throws {
    var st = stat()
    guard !AtomicWriter.isStream(path), stat(path, &st) == 0 else { return }
    if st.st_mode & S_IFMT == S_IFDIR { throw ValidationError("\(path) is a folder; name a file") }
    if !force { throw ValidationError("\(path) exists; use --force to replace it") }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Quality gate: exit 1 when more traces match --where than --max allows.")

    @OptionGroup var load: LoadArguments
    @OptionGroup var flagArgs: FlagArguments
    @Option(name: .customLong("where"), help: "What counts as bad, e.g. 'loop or truncated'.")
    var expression: String
    @Option(help: "Allowed matches: a count (10) or a share of the traces (2%).")
    var max: String = "0"
    @Option(help: "How many offenders to print.")
    var show: Int = 10

    func run() throws {
        let dataset = try load.load()
        let inputProblems = reportProblems(dataset)
        let flagLog = try flagArgs.open(for: load.files, reading: true)
        let hadProblems = inputProblems || !(flagLog?.warnings.isEmpty ?? true)
        let traces = try selectTraces(dataset, flagLog: flagLog, where: expression, flags: .include)
        let (c, _) = dataset.snapshot()
        let allowed: Int
        if max.hasSuffix("%"), let p = Double(max.dropLast()), p >= 0, p <= 100 {
            allowed = Int((Double(c.count) * p / 100).rounded(.down))
        } else if let n = Int(max), n >= 0 {
            allowed = n
        } else {
            throw ValidationError("--max takes a count (10) or a percentage (2%), not '\(max)'")
        }
        let names = dataset.files.map(\.bytes.displayName)
        let share = c.count > 0 ? Double(traces.count) * 100 / Double(c.count) : 0
        let verdict = traces.count > allowed ? "FAIL" : "ok"
        print("\(verdict): \(traces.count) of \(c.count) traces (\(String(format: "%.2f", share))%) match '\(expression)'; allowed \(allowed)")
        if traces.count > allowed {
            for i in traces.prefix(show) {
                print("  \(names[Int(c.file[i])]):\(c.line[i])#\(c.generation[i])")
            }
            if traces.count > show { print("  … \(traces.count - show) more") }
            throw ExitCode(1)
        }
        if hadProblems { throw ExitCode(1) }
    }
}

struct Flags: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, export, import or compact the flags sidecar of a dataset.")

    @Argument(help: "Dataset files (the sidecar is beside the first).")
    var files: [String] = []
    @OptionGroup var flagArgs: FlagArguments
    @Option(help: "Write all flags to this file (sidecar format).")
    var export: String?
    @Option(name: .customLong("import"), help: "Merge flags from this file into the sidecar.")
    var importPath: String?
    @Flag(help: "Rewrite the sidecar with only the latest state of each trace.")
    var compact = false
    @Flag(help: "Replace an existing --export file.")
    var force = false

    func run() throws {
        guard !files.isEmpty || flagArgs.flagsFile != nil else { throw ValidationError("name a dataset file or --flags-file") }
        for f in files where f != "-" && !FileManager.default.fileExists(atPath: f) {
            printError("ponder: \(f): no such file\n")
            throw ExitCode(1)
        }
        guard let log = try flagArgs.open(for: files, reading: importPath == nil) else {
            throw ValidationError("standard input has no sidecar; pass --flags-file")
        }
        var hadProblems = !log.warnings.isEmpty
        if let export { try refuseExisting(export, force: force) }
        do {
            if let importPath {
                let r = try log.import(from: importPath)
                for w in r.warnings { printError("ponder: \(w)\n") }
                if !r.warnings.isEmpty { hadProblems = true }
                printError("ponder: imported \(r.appended) flag changes (\(r.unchanged) already the same) into \(log.path)\n")
            }
            if compact {
                let r = try log.compact()
                printError("ponder: compacted \(log.path): kept \(r.kept) entries, dropped \(r.dropped) superseded lines\n")
            }
            if let export {
                let n = try log.export(to: export, force: force, inputs: files)
                // Status on stderr: the export may be standard output (`--export -`).
                printError("ponder: exported \(n) flags to \(export)\n")
            }
            if importPath == nil && !compact && export == nil {
                for (key, e) in log.all.sorted(by: { $0.key < $1.key }) {
                    var line = "\(key.hex)  \(e.labels.joined(separator: ","))"
                    if let f = e.location.file { line += "  \(f):\(e.location.line ?? 0)#\(e.location.generation ?? 0)" }
                    if let note = e.note, !note.isEmpty { line += "  \"\(note)\"" }
                    print(VisibleText.escape(line))
                }
                printError("ponder: \(log.count) flagged trace\(log.count == 1 ? "" : "s") in \(log.path)\n")
            }
        } catch {
            printError("ponder: \(error)\n")
            throw ExitCode(1)
        }
        if hadProblems { throw ExitCode(1) }
    }
}
