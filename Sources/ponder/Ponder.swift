import CGuard
import ArgumentParser
import Foundation
import PonderCore

@main
struct Ponder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ponder",
        abstract: "Inspect, measure and curate reasoning traces (prompt, chain of thought, answer).",
        discussion: """
        Exit status: 0 success, 1 input problems were found (reported on stderr) or a check failed, \
        2 usage errors.
        """,
        subcommands: [Inspect.self, Stats.self, Scan.self, Export.self, Check.self, Flags.self, View.self, Keys.self],
        defaultSubcommand: Inspect.self
    )

    /// Usage errors exit with 2 (ArgumentParser's default is 64).
    static func main() {
        signal(SIGPIPE, SIG_IGN)  // `ponder scan | head` ends quietly on EPIPE
        var parsed: ParsableCommand.Type? = nil
        do {
            var command = try parseAsRoot()
            parsed = type(of: command)
            try command.run()
            checkStandardOutput()
        } catch {
            checkStandardOutput()
            let code = exitCode(for: error)
            if code == .validationFailure {
                if let parsed, parsed != Ponder.self {
                    // Found while running: the subcommand's name, not the root's usage.
                    printError("Error: \(message(for: error))\nSee 'ponder \(parsed._commandName) --help' for more information.\n")
                } else {
                    printError((fullMessage(for: error) + "\n"))
                }
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that loads data shares.
struct LoadArguments: ParsableArguments {
    @Argument(help: "Dataset files: JSONL, a JSON array, .gz, or - for standard input.")
    var files: [String] = []

    @Option(help: "Field path of the prompt, e.g. 'conversations[-2].value' (beats detection).")
    var prompt: String?
    @Option(help: "Field path of the reasoning, e.g. 'messages[-1].reasoning_content'.")
    var reasoning: String?
    @Option(help: "Field path of the answer, e.g. 'messages[-1].content'.")
    var answer: String?

    @Option(help: "Skip and report records larger than this many MiB.")
    var maxRecordMb: Int = 64
    @Option(help: "Mixed when the reasoning has at least this many foreign-script letters.")
    var minForeign: Int?
    @Option(help: "Inconsistent when less than this share (0-1) of the reasoning's words is in the prompt's language (default 0.95).")
    var minConsistency: Double?
    @Option(help: "Length outlier when |robust z| of log reasoning length exceeds this.")
    var outlierZ: Float?
    @Flag(help: "Skip language identification (CLD2): no consistency or languages, a faster scan.")
    var noLanguage = false
    @Flag(help: "Neither read nor write the cached index and figures (~/.cache/ponder; README, Reopening).")
    var noCache = false
    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    func validate() throws {
        if maxRecordMb < 1 || maxRecordMb > 1 << 20 {
            throw ValidationError("--max-record-mb must be between 1 and 1048576 (1 TiB)")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let minConsistency, !(0...1).contains(minConsistency) {
            throw ValidationError("--min-consistency must be between 0 and 1")
        }
    }

    func options() throws -> LoadOptions {
        var o = LoadOptions()
        do {
            let paths = ExplicitPaths(prompt: try prompt.map(FieldPath.parse),
                                      reasoning: try reasoning.map(FieldPath.parse),
                                      answer: try answer.map(FieldPath.parse))
            if prompt != nil || reasoning != nil || answer != nil { o.explicit = paths }
        } catch {
            throw ValidationError("bad field path: \(error)")
        }
        o.maxRecordBytes = maxRecordMb << 20
        if let minForeign { o.thresholds.minForeignLetters = minForeign }
        if let outlierZ { o.thresholds.outlierZ = outlierZ }
        if let minConsistency { o.thresholds.minConsistency = minConsistency }
        o.languages = !noLanguage
        o.cacheDirectory = noCache ? nil : IndexCache.defaultDirectory
        if let jobs { o.workers = jobs }
        return o
    }

    /// Loads the files (at least one required for headless commands).
    func load() throws -> Dataset {
        guard !files.isEmpty else { throw ValidationError("no input files (use - for standard input)") }
        let dataset = Dataset(options: try options())
        Loader.load(files, into: dataset)
        reportUnmatchedPaths(dataset)
        return dataset
    }

    /// An explicit field path that found text in no record is most likely a typo: said as an input
    /// problem (exit 1), not left to show as empty fields.
    func reportUnmatchedPaths(_ dataset: Dataset) {
        let (c, _) = dataset.snapshot()
        guard c.count > 0 else { return }
        var problems: [InputProblem] = []
        for (option, path, chars) in [("--prompt", prompt, c.promptChars), ("--reasoning", reasoning, c.reasoningChars),
                                      ("--answer", answer, c.answerChars)] {
            guard let path, !chars.contains(where: { $0 > 0 }) else { continue }
            problems.append(InputProblem(file: files.joined(separator: ", "),
                                         reason: "\(option) '\(path)' found no text in any of the \(c.count) traces (`ponder stats` names the paths the layout uses)"))
        }
        if !problems.isEmpty { dataset.report(problems) }
    }
}

/// Prints input problems to stderr; returns whether there were any.
func reportProblems(_ dataset: Dataset, limit: Int = 20) -> Bool {
    let (kept, total) = dataset.problems
    guard total > 0 else { return false }
    var err = ""
    for p in kept.prefix(limit) { err += "ponder: \(p)\n" }
    if total > limit { err += "ponder: … \(total - limit) more input problems (ponder stats --json lists them)\n" }
    printError(err)
    return true
}

/// Writes to standard error; a closed or broken stderr is ignored (never a crash).
func printError(_ text: String) {
    // Messages quote the data (keys, sources, notes): escape sequences in it are shown, not sent.
    var text = VisibleText.escape(text, keepLayout: true)
    text.withUTF8 { _ = writeAll(2, UnsafeRawBufferPointer($0)) }
}

/// Writes every byte to `fd`, retrying on EINTR; false when the descriptor refuses (closed pipe,
/// full disk).
func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Bool {
    var off = 0
    while off < raw.count {
        let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return false }
        off += n
    }
    return true
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Summarise datasets: layouts, counts, malformed lines, length percentiles, detector counts.")

    @OptionGroup var load: LoadArguments
    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let dataset = try load.load()
        let stats = DatasetStats(dataset)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try enc.encode(stats)
            var bytes = [UInt8](data) + [0x0A]
            writeStdout(&bytes)
        } else {
            var bytes = Array(stats.text().utf8)
            writeStdout(&bytes)
        }
        // The text report lists the problems itself; stderr repeats them for pipelines.
        if reportProblems(dataset) { throw ExitCode(1) }
    }
}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure every trace and print one JSON object per trace (JSON Lines).")

    @OptionGroup var load: LoadArguments
    @Flag(help: "JSON Lines output (the default and only format; accepted for scripts that say it).")
    var jsonl = false

    func run() throws {
        let dataset = try load.load()
        let (c, strings) = dataset.snapshot()
        let names = dataset.files.map(\.bytes.displayName)
        var w = JSONWriter(capacity: 1 << 20)
        for i in 0..<c.count {
            ScanLine.write(i, c, strings, fileNames: names, to: &w)
            w.bytes.append(0x0A)
            if w.bytes.count >= 1 << 20 { writeStdout(&w.bytes) }
        }
        writeStdout(&w.bytes)
        if reportProblems(dataset) { throw ExitCode(1) }
    }
}

/// Writes and empties `bytes` on standard output; a closed pipe ends the program quietly, any other
/// failure (a full disk) with a message and status 1.
func writeStdout(_ bytes: inout [UInt8]) {
    if !bytes.withUnsafeBytes({ writeAll(1, $0) }) { standardOutputFailed(errno, pipeStatus: 0) }
    bytes.removeAll(keepingCapacity: true)
}

/// What `print` buffered is written now; when it cannot be (a full disk), that is said and the
/// status is 1, instead of a silent loss at exit. A closed pipe (`| head`) stays quiet.
func checkStandardOutput() {
    errno = 0
    if ponder_stdout_failed() != 0 { standardOutputFailed(errno, pipeStatus: nil) }
}

/// Standard output refused bytes: a closed pipe ends quietly (with `pipeStatus`, or returns when
/// nil: the exit status is the command's own), anything else with a message and status 1.
func standardOutputFailed(_ e: Int32, pipeStatus: Int32?) {
    if e == EPIPE {
        guard let pipeStatus else { return }
        Foundation.exit(pipeStatus)
    }
    printError("ponder: writing standard output: \(String(cString: strerror(e == 0 ? EIO : e)))\n")
    Foundation.exit(1)
}
