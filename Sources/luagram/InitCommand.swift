import ArgumentParser

/// `luagram init` (placeholder, being written).
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a rules folder (being written).")

    func run() async throws {
        throw ValidationError("not written yet")
    }
}
