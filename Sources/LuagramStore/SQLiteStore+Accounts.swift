import Foundation
import GRDB
import LuagramDomain

extension SQLiteStore: AccountStore {
    public func connectedAccounts() async throws -> [ConnectedAccount] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connected_accounts ORDER BY id").map(Self.connectedAccount)
        }
    }

    public func connectedAccount(_ id: String) async throws -> ConnectedAccount? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM connected_accounts WHERE id = ?", arguments: [id]).map(Self.connectedAccount)
        }
    }

    public func saveConnectedAccount(_ account: ConnectedAccount) async throws {
        let permissions = JSONText.serialize(.array(account.permissions.map { .string($0) }))
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO connected_accounts (id, login, page, username, sealed_token, issued_at, expires_at,
                        refreshed_at, permissions, state, state_reason, added_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET login = excluded.login, page = excluded.page,
                        username = excluded.username, sealed_token = excluded.sealed_token,
                        issued_at = excluded.issued_at, expires_at = excluded.expires_at,
                        refreshed_at = excluded.refreshed_at, permissions = excluded.permissions,
                        state = excluded.state, state_reason = excluded.state_reason
                    """,
                arguments: [
                    account.id, account.login.rawValue, account.page, account.username, account.sealedToken,
                    Timestamp.micros(account.issuedAt), Timestamp.micros(account.expiresAt), Timestamp.micros(account.refreshedAt),
                    permissions, account.state.rawValue, account.stateReason, Timestamp.micros(account.addedAt),
                ])
        }
    }

    public func replaceToken(of id: String, sealedToken: Data, issuedAt: Date, expiresAt: Date?, refreshedAt: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE connected_accounts SET sealed_token = ?, issued_at = ?, expires_at = ?, refreshed_at = ?,
                        state = 'active', state_reason = NULL
                    WHERE id = ?
                    """,
                arguments: [
                    sealedToken, Timestamp.micros(issuedAt), Timestamp.micros(expiresAt), Timestamp.micros(refreshedAt), id,
                ])
        }
    }

    public func setState(of id: String, to state: ConnectedAccount.State, reason: String?) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE connected_accounts SET state = ?, state_reason = ? WHERE id = ?", arguments: [state.rawValue, reason, id])
        }
    }

    public func removeConnectedAccount(_ id: String) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM connected_accounts WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    private static func connectedAccount(_ row: Row) throws -> ConnectedAccount {
        let table = "connected_accounts"
        guard case .array(let names) = try row.json("permissions", in: table) else {
            throw StoreError.corruptValue(table: table, column: "permissions", detail: "not an array")
        }
        return ConnectedAccount(
            id: try row.decode(forColumn: "id"), login: try row.raw("login", in: table), page: try row.decode(forColumn: "page"),
            username: try row.decode(forColumn: "username"), sealedToken: try row.decode(forColumn: "sealed_token"),
            issuedAt: try row.time("issued_at"), expiresAt: try row.optionalTime("expires_at"),
            refreshedAt: try row.optionalTime("refreshed_at"), permissions: names.compactMap(\.stringValue),
            state: try row.raw("state", in: table), stateReason: try row.decode(forColumn: "state_reason"),
            addedAt: try row.time("added_at"))
    }
}
