import GRDB

extension SQLiteStore {
    /// The accounts a contact has written to (an Instagram-scoped id is per account, so
    /// normally one): lets the command line take a contact id alone.
    public func accounts(ofContact contact: String) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT account FROM contacts WHERE id = ? ORDER BY account", arguments: [contact])
        }
    }
}
