import Foundation
import GRDB
import LuagramDomain
import PostgresNIO
import Testing

@testable import LuagramPostgres

extension PortHarness {
    /// The inbox, rate-state and account ports of whichever store the harness opened.
    var inbox: any InboxStore & RateStateStore & AccountStore {
        if let sqlite { return sqlite }
        return postgres!
    }

    /// Opens a fresh store of `kind`, runs `body` on it, and closes it whatever happens
    /// (closing is async, so no `defer`): a PostgreSQL schema left behind, or a pool left
    /// running, outlives the test.
    static func withInbox(_ kind: PortStoreKind, _ body: (PortHarness) async throws -> Void) async throws {
        let harness = try await open(kind)
        do {
            try await body(harness)
        } catch {
            try? await harness.close()
            throw error
        }
        try await harness.close()
    }

    /// A real failure of the storage underneath, as the store reports it: what
    /// `releaseInbox` must not charge to the bodies. On PostgreSQL, an error the server
    /// raises with SQLSTATE 53100 (disk full) inside a transaction.
    func storageFailure() async throws -> any Error {
        guard let postgres else { return DatabaseError(resultCode: .SQLITE_FULL) }
        do {
            try await postgres.transaction { connection in
                try await connection.execute(
                    "DO $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$", logger: postgres.logger)
            }
        } catch {
            return error
        }
        Issue.record("the server raised no error")
        return CancellationError()
    }
}
