import ArgumentParser
import LuagramApp
import LuagramStore

/// Which conversation a command is about: a contact, in the account they wrote to.
struct ContactOptions: ParsableArguments {
    @Option(help: "The contact's Instagram-scoped id.")
    var contact: String

    @Option(help: "The Instagram account (needed only when the contact wrote to several).")
    var account: String?

    @Option(name: .customLong("db"), help: "The SQLite database file (default: the configuration's, else luagram.db).")
    var dbOption: String?

    @OptionGroup var config: ConfigOption

    /// The database: the option, else the configuration's, else luagram.db.
    func database() throws -> String { try config.serveSettings(db: dbOption).database }

    /// The account, from the option or from the store.
    func resolveAccount(in store: SQLiteStore) async throws -> String {
        if let account { return account }
        let accounts = try await store.accounts(ofContact: contact)
        guard accounts.count == 1, let only = accounts.first else {
            throw CommandError(
                accounts.isEmpty
                    ? "no conversation with contact \(contact) in \(dbOption ?? "the database")"
                    : "contact \(contact) wrote to several accounts (\(accounts.joined(separator: ", "))): pass --account")
        }
        return only
    }
}

/// A failure the user can act on, printed as it is (no usage text).
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
