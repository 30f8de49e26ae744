import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: AccountStore {
    public func connectedAccounts() async throws -> [ConnectedAccount] {
        try await client.allRows("SELECT \(unescaped: Self.accountColumns) FROM connected_accounts ORDER BY id", logger: logger)
            .map(Self.connectedAccount)
    }

    public func connectedAccount(_ id: String) async throws -> ConnectedAccount? {
        try await client.allRows("SELECT \(unescaped: Self.accountColumns) FROM connected_accounts WHERE id = \(id)", logger: logger)
            .first.map(Self.connectedAccount)
    }

    public func saveConnectedAccount(_ account: ConnectedAccount) async throws {
        let permissions = JSONText.serialize(.array(account.permissions.map { .string($0) }))
        try await transaction { [self] connection in
            try await connection.execute(
                """
                INSERT INTO connected_accounts (id, login, page, username, sealed_token, issued_at, expires_at,
                    refreshed_at, permissions, state, state_reason, added_at)
                VALUES (\(account.id), \(account.login.rawValue), \(account.page), \(account.username), \(account.sealedToken),
                    \(StoredTime.micros(account.issuedAt)), \(StoredTime.micros(account.expiresAt)),
                    \(StoredTime.micros(account.refreshedAt)), \(permissions), \(account.state.rawValue),
                    \(account.stateReason), \(StoredTime.micros(account.addedAt)))
                ON CONFLICT (id) DO UPDATE SET login = excluded.login, page = excluded.page,
                    username = excluded.username, sealed_token = excluded.sealed_token,
                    issued_at = excluded.issued_at, expires_at = excluded.expires_at,
                    refreshed_at = excluded.refreshed_at, permissions = excluded.permissions,
                    state = excluded.state, state_reason = excluded.state_reason
                """, logger: logger)
        }
    }

    public func replaceToken(of id: String, sealedToken: Data, issuedAt: Date, expiresAt: Date?, refreshedAt: Date) async throws {
        try await transaction { [self] connection in
            try await connection.execute(
                """
                UPDATE connected_accounts SET sealed_token = \(sealedToken), issued_at = \(StoredTime.micros(issuedAt)),
                    expires_at = \(StoredTime.micros(expiresAt)), refreshed_at = \(StoredTime.micros(refreshedAt)),
                    state = 'active', state_reason = NULL
                WHERE id = \(id)
                """, logger: logger)
        }
    }

    public func setState(of id: String, to state: ConnectedAccount.State, reason: String?) async throws {
        try await transaction { [self] connection in
            try await connection.execute(
                "UPDATE connected_accounts SET state = \(state.rawValue), state_reason = \(reason) WHERE id = \(id)", logger: logger)
        }
    }

    public func removeConnectedAccount(_ id: String) async throws -> Bool {
        try await transaction { [self] connection in
            try await !connection.allRows("DELETE FROM connected_accounts WHERE id = \(id) RETURNING id", logger: logger).isEmpty
        }
    }

    /// In the order `connectedAccount(_:)` decodes them (a fixed list, never user text).
    private static let accountColumns = """
        id, login, page, username, sealed_token, issued_at, expires_at, refreshed_at, permissions, state, state_reason,
        added_at
        """

    private static func connectedAccount(_ row: PostgresRow) throws -> ConnectedAccount {
        let table = "connected_accounts"
        let (id, login, page, username, sealedToken, issuedAt, expiresAt, refreshedAt, permissions, state, reason, addedAt) =
            try row.decode((String, String, String?, String?, Data, Int64, Int64?, Int64?, String, String, String?, Int64).self)
        guard case .array(let names) = try StoredJSON.parse(permissions, table: table, column: "permissions") else {
            throw StoreError.corruptValue(table: table, column: "permissions", detail: "not an array")
        }
        guard let login = ConnectedAccount.Login(rawValue: login) else {
            throw StoreError.corruptValue(table: table, column: "login", detail: "unknown value \(login)")
        }
        guard let state = ConnectedAccount.State(rawValue: state) else {
            throw StoreError.corruptValue(table: table, column: "state", detail: "unknown value \(state)")
        }
        return ConnectedAccount(
            id: id, login: login, page: page, username: username, sealedToken: sealedToken, issuedAt: StoredTime.date(issuedAt),
            expiresAt: StoredTime.date(expiresAt), refreshedAt: StoredTime.date(refreshedAt),
            permissions: names.compactMap(\.stringValue), state: state, stateReason: reason, addedAt: StoredTime.date(addedAt))
    }
}
