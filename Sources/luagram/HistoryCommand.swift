import ArgumentParser
import Foundation
import LuagramDomain
import LuagramEngine
import LuagramInstagram

/// `luagram history`: a conversation as the store has it, with every message's status and,
/// for what did not go out, the reason or Meta's error.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Print a contact's conversation with statuses and reasons.")

    @OptionGroup var target: ContactOptions

    @Option(help: "How many messages, newest last.")
    var limit = 200

    func run() async throws {
        try await target.settings().withStore { store in
            let account = try await target.resolveAccount(in: store)
            for message in try await AgentDesk(events: store, conversations: store).history(of: target.contact, of: account, limit: limit) {
                var line = "\(EventJSON.iso8601(message.createdAt))  \(message.direction == .inbound ? "in " : "out")  \(message.status.rawValue)"
                if let reason = message.refusal { line += " (\(reason.rawValue))" }
                if let failure = message.failure { line += " (error \(failure.code.map(String.init) ?? "none"): \(failure.message))" }
                if let origin = message.origin { line += "  [\(origin)]" }
                if let unsent = message.unsentAt {
                    line += "  (unsent \(EventJSON.iso8601(unsent)); its content was deleted)"
                } else {
                    line += "  " + (message.text ?? "(no text)")
                }
                print(line)
            }
        }
    }
}
