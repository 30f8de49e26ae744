import ArgumentParser

/// `luagram simulate` (placeholder, being written).
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Run the pipeline on a virtual clock (being written).")

    func run() async throws {
        throw ValidationError("not written yet")
    }
}
