import Dispatch
import GRDB

/// Raw access for the store's own tests, which check what the protocols do not expose
/// (a pragma, that a table was left empty, a row changed by hand). Internal on purpose:
/// the engine goes through the protocols only.
extension SQLiteStore {
    /// A pragma's value as the writer connection sees it (where `synchronous` is set).
    func pragma(_ name: String) async throws -> String? {
        try await writer.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA \(name)") }
    }

    func count(_ table: String) async throws -> Int {
        try await writer.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    func execute(_ sql: String) async throws {
        try await writer.write { try $0.execute(sql: sql) }
    }

    /// Holds the writer connection until `release` is signalled, calling `onStart` once
    /// it has it, so a test can make writes queue up behind it.
    func occupyWriter(onStart: @escaping @Sendable () -> Void, until release: DispatchSemaphore) async throws {
        try await writer.writeWithoutTransaction { _ in
            onStart()
            release.wait()
        }
    }

    /// How many bodies have been handed to group commit so far.
    var inboxAppendsReceived: Int { inbox.received }
}
