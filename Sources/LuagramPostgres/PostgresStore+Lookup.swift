import LuagramDomain
import PostgresNIO

extension PostgresStore {
    /// The accounts a contact has written to (an Instagram-scoped id is per account, so
    /// normally one): lets the command line take a contact id alone.
    public func accounts(ofContact contact: String) async throws -> [String] {
        try await transaction { [self] connection in
            try await connection.query("SELECT account FROM contacts WHERE id = \(contact) ORDER BY account", logger: logger)
                .rows().map { try $0.string("account") }
        }
    }
}
