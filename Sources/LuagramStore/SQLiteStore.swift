import Foundation
import GRDB
import LuagramDomain

/// The stores on SQLite: Luagram's default, for one machine.
///
/// Two files: the database (`luagram.db`) and, beside it, the inbox of raw webhook bodies
/// (`luagram.db-inbox`). SQLite has one writer per file; with the inbox in the same file, a
/// webhook's group commit waited behind processing's transactions, and Meta's
/// acknowledgement with it. Nothing needs the two in one transaction: an event's outcome
/// commits in the database with its de-duplication key, and its body is marked done in the
/// inbox afterwards, so a crash in between only makes the body run again as a duplicate.
///
/// Each file is opened as a GRDB `DatabasePool` in WAL mode: the single writer connection
/// serializes every change to it (so claims can never interleave), while readers work on
/// their own connections and snapshots without waiting for a write or its fsync.
///
/// `synchronous = FULL`: a webhook acknowledged to Meta must survive a power cut, not
/// only a crash, and group commit (`appendToInbox`) pays for the extra flush.
public final class SQLiteStore: Sendable {
    let writer: any DatabaseWriter
    let inboxWriter: any DatabaseWriter
    /// Webhook bodies' group commit: one transaction for the appends that arrive together.
    let inbox: GroupCommit<InboxBody, InboxID>

    /// Opens (creating if needed) the database file and its inbox file, and brings their
    /// schemas up to date.
    ///
    /// Throws `SQLiteStoreError.newerSchema` for a database written by a newer Luagram:
    /// running old code on a newer schema could corrupt it.
    public convenience init(path: String) throws {
        try self.init(path: path, upTo: nil)
    }

    convenience init(path: String, upTo lastMigration: String?, inboxUpTo lastInboxMigration: String? = nil) throws {
        try self.init(
            writer: try Self.pool(path, largeCache: true), inboxWriter: try Self.pool(Self.inboxPath(for: path)),
            upTo: lastMigration, inboxUpTo: lastInboxMigration)
    }

    /// The inbox file of the database at `path`.
    public static func inboxPath(for path: String) -> String { path + "-inbox" }

    private static func pool(_ path: String, largeCache: Bool = false) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration(largeCache: largeCache))
        // The pool sets NORMAL while switching to WAL; this runs after that.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return pool
    }

    /// A private database in memory, gone when the store is: for tests and `simulate`.
    ///
    /// `DatabaseQueue`s, as SQLite cannot share an in-memory database between the
    /// connections of a pool; there is no file, so no WAL either.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(
            writer: DatabaseQueue(configuration: configuration(largeCache: true)), inboxWriter: DatabaseQueue(configuration: configuration()))
    }

    /// `upTo` and `inboxUpTo` stop at an older migration of the database and of the inbox,
    /// so tests can build files as an older Luagram left them.
    init(
        writer: any DatabaseWriter, inboxWriter: any DatabaseWriter, upTo lastMigration: String? = nil,
        inboxUpTo lastInboxMigration: String? = nil
    ) throws {
        try Self.refuseNewer(writer, Migrations.migrator)
        try Self.refuseNewer(inboxWriter, InboxMigrations.migrator)
        if let lastInboxMigration {
            try InboxMigrations.migrator.migrate(inboxWriter, upTo: lastInboxMigration)
        } else {
            try InboxMigrations.migrator.migrate(inboxWriter)
        }
        try InboxMigrations.moveLegacyInbox(from: writer, to: inboxWriter)
        if let lastMigration {
            try Migrations.migrator.migrate(writer, upTo: lastMigration)
        } else {
            try Migrations.migrator.migrate(writer)
        }
        self.writer = writer
        self.inboxWriter = inboxWriter
        self.inbox = GroupCommit { bodies in try await inboxWriter.write { db in try Self.insertInbox(bodies, db) } }
    }

    private static func refuseNewer(_ writer: any DatabaseWriter, _ migrator: DatabaseMigrator) throws {
        guard try writer.read({ try migrator.hasBeenSuperseded($0) }) else { return }
        let applied = try writer.read { try migrator.appliedIdentifiers($0) }
        throw SQLiteStoreError.newerSchema(unknownMigrations: applied.subtracting(migrator.migrations).sorted())
    }

    /// Closes the connections; the store cannot be used afterwards.
    public func close() throws {
        try writer.close()
        try inboxWriter.close()
    }

    /// The names of the migrations applied to the database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await writer.read { try Migrations.migrator.appliedMigrations($0) }
    }

    /// The names of the migrations applied to the inbox file, in order.
    public func appliedInboxMigrations() async throws -> [String] {
        try await inboxWriter.read { try InboxMigrations.migrator.appliedMigrations($0) }
    }

    /// The journal mode SQLite reports: "wal" for a file, "memory" in memory.
    public func journalMode() async throws -> String {
        try await writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// - Parameter largeCache: for the database's writer: a processing round writes a few
    ///   hundred pages, more than SQLite's default 2 MiB cache holds (measured with
    ///   `luagram-bench processing`). Readers and the inbox, which only appends, keep the
    ///   default: the cache is per connection, and a pool has several.
    private static func configuration(largeCache: Bool = false) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Another process (the CLI next to the server) may hold the write lock briefly.
        config.busyMode = .timeout(5)
        config.label = "luagram"
        config.prepareDatabase { db in
            if largeCache, !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -32768") }
            // The default checkpoint every 1,000 WAL pages copied the hot pages to the
            // database file every few dozen events.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Deleted and overwritten content is zeroed, not left in free space: an unsent
            // message must be gone from the file's bytes, not only from its rows.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return config
    }

    /// Copies the WAL into the database file and empties it, so the old page images it
    /// holds (an unsent message's text among them) are gone from the disk too. Best effort:
    /// a reader still on an older snapshot keeps the checkpoint from finishing, and those
    /// frames are then overwritten when the WAL starts over.
    static func truncateWAL(_ writer: any DatabaseWriter) async throws {
        guard writer is DatabasePool else { return }
        try await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
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
