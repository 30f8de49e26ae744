import ArgumentParser
import LuagramApp
import Foundation
import LuagramDomain
import LuagramInstagram

/// `luagram inbox quarantined`: one line per quarantined body, without the body itself
/// (contacts' messages stay out of terminals and logs).
struct InboxQuarantinedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantined", abstract: "List the quarantined webhook bodies: id, received, attempts, size, error.")

    @Option(name: .customLong("db"), help: "The database: a SQLite file or a postgres:// URL (default: the configuration's, else luagram.db).")
    var dbOption: String?

    @OptionGroup var config: ConfigOption

    @Option(help: "How many bodies, oldest first.")
    var limit = 1000

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit takes a positive number") }
    }

    func run() async throws {
        try await config.serveSettings(db: dbOption).withStore { store in
            let bodies = try await store.quarantinedInbox(limit: limit)
            for body in bodies { print(Self.line(body)) }
            print(bodies.isEmpty ? "no quarantined bodies" : "\(bodies.count) quarantined; `luagram inbox retry ID…` or `--all` puts them back")
        }
    }

    static func line(_ body: QuarantinedBody) -> String {
        "\(body.id)  \(EventJSON.iso8601(body.receivedAt))  \(body.attempts) attempts  \(body.bytes) bytes  "
            + LogEscaping.escaped(body.error)
    }
}
