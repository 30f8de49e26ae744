import ArgumentParser

/// `luagram widget` (placeholder, being written).
struct WidgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "widget", abstract: "Print the website widget (being written).")

    func run() async throws {
        throw ValidationError("not written yet")
    }
}
