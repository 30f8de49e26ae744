import ArgumentParser

/// `luagram test` (placeholder, being written).
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "test", abstract: "Run rule tests (being written).")

    func run() async throws {
        throw ValidationError("not written yet")
    }
}
