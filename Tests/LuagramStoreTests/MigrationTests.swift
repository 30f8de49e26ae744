import Foundation
import LuagramDomain
import Testing

@testable import LuagramStore

@Suite("Opening a database")
struct MigrationTests {
    @Test("the migrations apply to an empty database", arguments: StoreKind.allCases)
    func migrationsApplyToAnEmptyDatabase(kind: StoreKind) async throws {
        let harness = try StoreHarness(kind)
        #expect(try await harness.store.appliedMigrations() == ["2026-11-25-01-initial"])
        for table in ["accounts", "contacts", "inbox", "messages", "comments", "outbox", "processed_events", "decisions"] {
            #expect(try await harness.store.count(table) == 0)
        }
    }

    @Test("reopening a migrated file applies nothing twice and keeps the data")
    func reopeningIsIdempotent() async throws {
        let harness = try StoreHarness()
        let id = try await harness.store.appendToInbox(Data("{}".utf8), receivedAt: Sample.t0)
        let reopened = try harness.reopen()
        #expect(try await reopened.appliedMigrations() == ["2026-11-25-01-initial"])
        #expect(try await reopened.inboxRow(id)?.body == Data("{}".utf8))
    }

    @Test("a file is in WAL mode with full synchronous commits")
    func fileIsInWALMode() async throws {
        let harness = try StoreHarness()
        #expect(try await harness.store.journalMode() == "wal")
        // 2 = FULL: an acknowledged webhook survives a power cut, not only a crash.
        #expect(try await harness.store.pragma("synchronous") == "2")
        #expect(try await harness.store.pragma("foreign_keys") == "1")
    }

    @Test("an in-memory database needs no file")
    func inMemoryHasNoFile() async throws {
        let store = try SQLiteStore.inMemory()
        #expect(try await store.journalMode() == "memory")
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
}
