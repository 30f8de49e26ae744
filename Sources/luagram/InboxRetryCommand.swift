import ArgumentParser
import LuagramApp
import Foundation
import LuagramDomain

/// `luagram inbox retry`: quarantined bodies back to pending, with their attempts reset;
/// the running server takes them on its next round.
struct InboxRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Put quarantined webhook bodies back to be processed, with their attempts reset.",
        discussion: "Exits 1 when an id given is not a quarantined body (the others are put back).")

    @Argument(help: "The ids of the bodies (from `luagram inbox quarantined`).")
    var ids: [Int64] = []

    @Flag(help: "Every quarantined body.")
    var all = false

    @Option(name: .customLong("db"), help: "The database: a SQLite file or a postgres:// URL (default: the configuration's, else luagram.db).")
    var dbOption: String?

    @OptionGroup var config: ConfigOption

    func validate() throws {
        guard all != !ids.isEmpty else { throw ValidationError("give the ids of quarantined bodies, or --all") }
    }

    func run() async throws {
        try await config.serveSettings(db: dbOption).withStore { store in
            let back = try await store.retryQuarantined(all ? nil : ids, at: Date())
            let noun = back.count == 1 ? "body" : "bodies"
            print("\(back.count) \(noun) put back to be processed" + (back.isEmpty ? "" : ": " + back.map(String.init).joined(separator: ", ")))
            let missing = Set(ids).subtracting(back).sorted()
            guard missing.isEmpty else {
                FileHandle.standardError.write(Data("luagram: not quarantined: \(missing.map(String.init).joined(separator: ", "))\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
