import ArgumentParser
import LuagramApp
import LuagramDomain

/// Which conversation a command is about: a contact, in the account they wrote to.
struct ContactOptions: ParsableArguments {
    @Option(help: "The contact's Instagram-scoped id.")
    var contact: String

    @Option(help: "The Instagram account (needed only when the contact wrote to several).")
    var account: String?

    @Option(name: .customLong("db"), help: "The database: a SQLite file or a postgres:// URL (default: the configuration's, else luagram.db).")
    var dbOption: String?

    @OptionGroup var config: ConfigOption

    /// The settings with the database: the option, else the configuration's, else luagram.db.
    func settings() throws -> ServeSettings { try config.serveSettings(db: dbOption) }

    /// The account, from the option or from the store.
    func resolveAccount(in store: any DataStore) async throws -> String {
        if let account { return account }
        let accounts = try await store.accounts(ofContact: contact)
        guard accounts.count == 1, let only = accounts.first else {
            throw CommandError(
                accounts.isEmpty
                    ? "no conversation with contact \(contact) in \(dbOption.map(StoreOpener.printable) ?? "the database")"
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
