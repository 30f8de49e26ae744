import Foundation
import LuagramDomain
import LuagramTestSupport
import Testing

@testable import LuagramStore

@Suite("Opening a database")
struct MigrationTests {
    static let all = [
        "2026-11-25-01-initial", "2026-11-25-02-dry-run-status", "2026-12-04-01-inbox-in-its-own-file",
        "2026-12-04-02-unconfirmed-sends", "2026-12-05-01-contacts-thread-control",
        "2026-12-05-02-messages-unsent-at", "2026-12-05-03-private-replies-accepted-by-meta",
        "2026-12-05-04-account-rate-state", "2026-12-06-accounts-01-connected-accounts",
    ]
    static let inbox = ["2026-12-04-01-inbox", "2026-12-10-01-inbox-quarantine"]

    @Test("the migrations apply to an empty database", arguments: StoreKind.allCases)
    func migrationsApplyToAnEmptyDatabase(kind: StoreKind) async throws {
        let harness = try StoreHarness(kind)
        #expect(try await harness.store.appliedMigrations() == Self.all)
        #expect(try await harness.store.appliedInboxMigrations() == Self.inbox)
        for table in ["accounts", "contacts", "inbox", "messages", "comments", "outbox", "processed_events", "decisions"] {
            #expect(try await harness.store.count(table) == 0)
        }
    }

    @Test("reopening a migrated file applies nothing twice and keeps the data")
    func reopeningIsIdempotent() async throws {
        let harness = try StoreHarness()
        let id = try await harness.store.appendToInbox(Data("{}".utf8), receivedAt: Sample.t0)
        let reopened = try harness.reopen()
        #expect(try await reopened.appliedMigrations() == Self.all)
        #expect(try await reopened.inboxRow(id)?.body == Data("{}".utf8))
    }

    @Test("both files are in WAL mode with full synchronous commits")
    func fileIsInWALMode() async throws {
        let harness = try StoreHarness()
        #expect(try await harness.store.journalMode() == "wal")
        #expect(FileManager.default.fileExists(atPath: SQLiteStore.inboxPath(for: harness.path)))
        for file in [SQLiteStore.File.database, .inbox] {
            #expect(try await harness.store.pragma("journal_mode", of: file) == "wal")
            // 2 = FULL: an acknowledged webhook survives a power cut, not only a crash.
            #expect(try await harness.store.pragma("synchronous", of: file) == "2")
            #expect(try await harness.store.pragma("foreign_keys", of: file) == "1")
        }
    }

    @Test("an in-memory database needs no file")
    func inMemoryHasNoFile() async throws {
        let store = try SQLiteStore.inMemory()
        #expect(try await store.journalMode() == "memory")
    }

    @Test("a database from before the inbox had its own file keeps every body, with its id and state")
    func legacyInboxMoves() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/old.db"
        let old = try SQLiteStore(path: path, upTo: "2026-11-25-02-dry-run-status")
        // As the old version stored them: in the database file.
        try await old.execute(
            """
            INSERT INTO inbox (id, received_at, body, state) VALUES (7, 1, X'7B7D', 'pending');
            INSERT INTO inbox (id, received_at, body, state, error, finished_at) VALUES (9, 2, X'5B5D', 'rejected', 'not a webhook', 3);
            """)
        try old.close()

        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedMigrations() == Self.all)
        #expect(try await store.inboxRow(7)?.state == .pending)
        #expect(try await store.inboxRow(7)?.body == Data("{}".utf8))
        #expect(try await store.inboxRow(9)?.error == "not a webhook")
        #expect(try await store.appendToInbox(Data("{}".utf8), receivedAt: Sample.t0) == 10)
        try store.close()
        // Opened again: nothing copied twice.
        let again = try SQLiteStore(path: path)
        #expect(try await again.count("inbox") == 3)
    }

    @Test("the quarantine migration rebuilds the inbox keeping every row, and never reuses an id")
    func quarantineMigrationKeepsRows() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/old.db"
        let old = try SQLiteStore(path: path, upTo: nil, inboxUpTo: "2026-12-04-01-inbox")
        let ids = try await old.appendToInbox((1...3).map { InboxBody(Data("{\"n\":\($0)}".utf8), receivedAt: Sample.at(Double($0))) })
        _ = try await old.claimInbox(limit: 1, now: Sample.at(5), leaseUntil: Sample.at(65))
        try await old.markInboxRejected(ids[1], error: "not a webhook", at: Sample.at(6))
        // the newest row gone: its id must still not come back
        try await old.execute("DELETE FROM inbox WHERE id = \(ids[2])", in: .inbox)
        try old.close()

        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedInboxMigrations() == Self.inbox)
        let first = try #require(try await store.inboxRow(ids[0]))
        #expect(first.attempts == 1 && first.leasedUntil == Sample.at(65) && first.state == .pending)
        #expect(try await store.inboxRow(ids[1])?.error == "not a webhook")
        #expect(try await store.appendToInbox(Data("{}".utf8), receivedAt: Sample.t0) == ids[2] + 1)
        try await store.execute("UPDATE inbox SET state = 'quarantined' WHERE id = \(ids[0])", in: .inbox)
        #expect(try await store.inboxCounts() == [.quarantined: 1, .rejected: 1, .pending: 1])
    }

    @Test("a database migrated by a newer Luagram is refused")
    func newerSchemaIsRefused() async throws {
        let harness = try StoreHarness()
        try await harness.store.execute("INSERT INTO grdb_migrations (identifier) VALUES ('2099-01-01-01-future')")
        try harness.store.close()
        #expect(throws: SQLiteStoreError.newerSchema(unknownMigrations: ["2099-01-01-01-future"])) {
            try SQLiteStore(path: harness.path)
        }
    }

    @Test("dry-run sends recorded by the first schema become dry_run and keep everything else")
    func dryRunMigration() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/old.db"
        let old = try SQLiteStore(path: path, upTo: "2026-11-25-01-initial")
        let ids = try await OutboxTests.commit(old) { [Sample.reply("would send", to: $0), Sample.reply("sent", to: $0, index: 1)] }
        // What the first schema's sender wrote for a dry run and for a real send.
        for (id, mid) in [(ids[0].id.rawValue, "dry-run:\(ids[0].id.rawValue):0"), (ids[1].id.rawValue, "mid.real")] {
            try await old.execute(
                """
                UPDATE messages SET mid = '\(mid)', status = 'sent', sent_at = 1, updated_at = 1 WHERE outbox_id = '\(id)';
                UPDATE outbox SET state = 'sent', parts_sent = 1, attempts = 1, updated_at = 1 WHERE id = '\(id)';
                """)
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedMigrations() == Self.all)
        #expect(try await store.outboxRow(ids[0].id)?.state == .dryRun)
        #expect(try await store.outboxRow(ids[1].id)?.state == .sent)
        #expect(try await store.message(mid: "mid.real")?.status == .sent)
        #expect(try await store.message(mid: "dry-run:\(ids[0].id.rawValue):0") == nil)
        #expect(try await store.outboxCounts() == [.dryRun: 1, .sent: 1])
        try await store.execute("PRAGMA foreign_key_check")
    }
}
