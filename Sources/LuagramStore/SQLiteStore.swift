import Foundation
import GRDB
import LuagramDomain

/// The stores on one SQLite file: Luagram's default, for one machine.
///
/// A file is opened as a GRDB `DatabasePool` in WAL mode: the single writer connection
/// serializes every change (so claims can never interleave), while readers work on
/// their own connections and snapshots without waiting for a write or its fsync. A
/// `DatabaseQueue` would put the dashboard's reads behind the webhook path's writes.
///
/// `synchronous = FULL`: a webhook acknowledged to Meta must survive a power cut, not
/// only a crash, and group commit (`appendToInbox`) pays for the extra flush.
public final class SQLiteStore: Sendable {
    let writer: any DatabaseWriter
    let inbox: InboxBatcher

    /// Opens (creating if needed) the database file and brings its schema up to date.
    ///
    /// Throws `SQLiteStoreError.newerSchema` for a database written by a newer Luagram:
    /// running old code on a newer schema could corrupt it.
    public convenience init(path: String) throws {
        try self.init(path: path, upTo: nil)
    }

    convenience init(path: String, upTo lastMigration: String?) throws {
        let pool = try DatabasePool(path: path, configuration: Self.configuration())
        // The pool sets NORMAL while switching to WAL; this runs after that.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try self.init(writer: pool, upTo: lastMigration)
    }

    /// A private database in memory, gone when the store is: for tests and `simulate`.
    ///
    /// A `DatabaseQueue`, as SQLite cannot share an in-memory database between the
    /// connections of a pool; there is no file, so no WAL either.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(writer: DatabaseQueue(configuration: configuration()))
    }

    /// `upTo` stops at an older migration, so tests can build a database as an older
    /// Luagram left it.
    init(writer: any DatabaseWriter, upTo lastMigration: String? = nil) throws {
        let migrator = Migrations.migrator
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
            let applied = try writer.read { try migrator.appliedIdentifiers($0) }
            throw SQLiteStoreError.newerSchema(unknownMigrations: applied.subtracting(migrator.migrations).sorted())
        }
        if let lastMigration {
            try migrator.migrate(writer, upTo: lastMigration)
        } else {
            try migrator.migrate(writer)
        }
        self.writer = writer
        self.inbox = InboxBatcher(writer: writer)
    }

    /// Closes the connections; the store cannot be used afterwards.
    public func close() throws {
        try writer.close()
    }

    /// The names of the migrations applied to this database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await writer.read { try Migrations.migrator.appliedMigrations($0) }
    }

    /// The journal mode SQLite reports: "wal" for a file, "memory" in memory.
    public func journalMode() async throws -> String {
        try await writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    private static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Another process (the CLI next to the server) may hold the write lock briefly.
        config.busyMode = .timeout(5)
        config.label = "luagram"
        config.prepareDatabase { db in
            // Measured with `luagram-bench processing`: a processing round writes
            // a few hundred pages, more than SQLite's default 2 MiB cache holds, and the
            // default checkpoint every 1,000 WAL pages copied the hot pages to the database
            // file every few dozen events. The cache grows only as far as it is used.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        return config
    }
}

/// Why a database file cannot be opened by this version of Luagram.
public enum SQLiteStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file was migrated by a newer Luagram; these migrations are unknown here.
    case newerSchema(unknownMigrations: [String])

    public var description: String {
        switch self {
        case .newerSchema(let unknown):
            "the database was written by a newer Luagram (unknown migrations: \(unknown.joined(separator: ", ")))"
        }
    }
}
