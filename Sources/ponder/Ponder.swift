import ArgumentParser
import PonderCore

@main
struct Ponder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ponder",
        abstract: "Inspect, measure and curate reasoning traces (prompt, chain of thought, answer)."
    )
    func run() throws {}
}
