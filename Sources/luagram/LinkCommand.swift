import ArgumentParser

/// `luagram link` (placeholder, being written).
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link", abstract: "Print an ig.me chat link (being written).")

    func run() async throws {
        throw ValidationError("not written yet")
    }
}
