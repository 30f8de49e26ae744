import Foundation
import LuagramDomain
import PostgresNIO
import Testing

@testable import LuagramPostgres

@Suite("The PostgreSQL store's URL")
struct PostgresLocationTests {
    @Test("a URL is read with its options, and printed without its password")
    func readAndPrint() throws {
        let location = try PostgresLocation(url: "postgres://luagram:hunter2%40secret@db.example:6543/shop?schema=tenant_1&sslmode=require&pool=4")
        #expect(location.host == "db.example" && location.port == 6543 && location.database == "shop")
        #expect(location.username == "luagram" && location.password == "hunter2@secret")
        #expect(location.schema == "tenant_1" && location.tls == .require && location.poolSize == 4)
        #expect(location.description == "postgres://luagram:***@db.example:6543/shop?schema=tenant_1&sslmode=require&pool=4")
        #expect(!"\(location)".contains("hunter2"))

        let plain = try PostgresLocation(url: "postgresql://app@localhost/luagram")
        #expect(plain.port == 5432 && plain.password == nil && plain.schema == "public" && plain.tls == .prefer && plain.poolSize == 10)
        #expect(plain.description == "postgres://app@localhost:5432/luagram")
        #expect(PostgresLocation.isURL("postgres://a@b/c") && !PostgresLocation.isURL("/var/lib/luagram.sqlite"))
    }

    @Test(
        "a bad URL is refused saying what is wrong, never quoting its password",
        arguments: [
            ("mysql://app:hunter2secret@db/shop", "expected postgres://user[:password]@host[:port]/database"),
            ("postgres://:hunter2secret@db/shop", "names no user"),
            ("postgres://app:hunter2secret@db", "names no database"),
            ("postgres://app:hunter2secret@/shop", "expected postgres://"),
            ("postgres://app:hunter2secret@db/shop?schema=Tenant-1", "schema must be letters, digits and _"),
            ("postgres://app:hunter2secret@db/shop?sslmode=verify-full", "sslmode must be disable, prefer or require"),
            ("postgres://app:hunter2secret@db/shop?pool=0", "pool must be a number of connections from 1 to 500"),
            ("postgres://app:hunter2secret@db/shop?pool=many", "pool must be a number"),
            ("postgres://app:hunter2secret@db/shop?timeout=5", "unknown option timeout"),
        ])
    func refused(url: String, problem: String) {
        do {
            let location = try PostgresLocation(url: url)
            Issue.record("accepted as \(location)")
        } catch let error as PostgresStoreError {
            guard case .badURL = error else {
                Issue.record("not a bad URL: \(error)")
                return
            }
            #expect(error.description.hasPrefix("bad PostgreSQL URL: "))
            #expect(error.description.contains(problem))
            #expect(!error.description.contains("hunter2"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite("The PostgreSQL store", .enabled(if: PortStoreKind.serverURL != nil, "LUAGRAM_TEST_DATABASE_URL names no server"))
struct PostgresStoreTests {
    static func body(_ n: Int) -> Data { InboxTests.body(n) }

    /// A second node on the harness's schema: its own pool, as another process would have.
    static func secondNode(_ harness: PortHarness) async throws -> PostgresStore {
        let first = try #require(harness.postgres)
        return try await PostgresStore(location: first.location, logger: first.logger)
    }

    @Test("two nodes claiming at once never get the same row, and together get every row")
    func twoNodesClaimDisjointRows() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let first = try #require(harness.postgres)
            let second = try await Self.secondNode(harness)
            do {
                let ids = try await first.appendToInbox((0..<300).map { InboxBody(Self.body($0), receivedAt: Sample.t0) })
                let claimers = [first, second, first, second, first, second]
                let claims = try await withThrowingTaskGroup(of: [InboxID].self) { group in
                    for claimer in claimers {
                        group.addTask {
                            var mine: [InboxID] = []
                            while true {
                                let rows = try await claimer.claimInbox(limit: 7, now: Sample.t0, leaseUntil: Sample.at(60))
                                if rows.isEmpty { return mine }
                                mine += rows.map(\.id)
                            }
                        }
                    }
                    return try await group.reduce(into: [[InboxID]]()) { $0.append($1) }
                }
                let all = claims.flatMap { $0 }
                #expect(all.count == 300)
                #expect(Set(all) == Set(ids))
                #expect(try await second.inboxCounts() == [.pending: 300])
                #expect(try await second.claimInbox(limit: 10, now: Sample.at(59), leaseUntil: Sample.at(120)).isEmpty)
            } catch {
                await second.close()
                throw error
            }
            await second.close()
        }
    }

    @Test("a node claiming passes over the rows another node holds locked, without waiting for it")
    func claimsSkipLockedRows() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let first = try #require(harness.postgres)
            let second = try await Self.secondNode(harness)
            do {
                let ids = try await first.appendToInbox((0..<10).map { InboxBody(Self.body($0), receivedAt: Sample.t0) })
                let held = Array(ids.prefix(4))
                let claimed = try await first.transaction { connection in
                    // as a claim in progress on the first node holds them
                    try await connection.execute("SELECT id FROM inbox WHERE id = ANY(\(held)) FOR UPDATE", logger: first.logger)
                    let claim = Task { try await second.claimInbox(limit: 3, now: Sample.t0, leaseUntil: Sample.at(60)) }
                    // A claim that waited for the lock would wait for ever (the lock is
                    // released after it), so it is only given ten seconds.
                    let deadline = ContinuousClock.now + .seconds(10)
                    while ContinuousClock.now < deadline {
                        if let rows = try await Self.finished(claim) { return rows }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    Issue.record("the claim waited for the locked rows")
                    return [InboxRow]()
                }
                #expect(claimed.map(\.id) == Array(ids[4..<7]))
            } catch {
                await second.close()
                throw error
            }
            await second.close()
        }
    }

    /// The claim's rows if it has finished, nil while it runs.
    private static func finished(_ task: Task<[InboxRow], any Error>) async throws -> [InboxRow]? {
        try await withThrowingTaskGroup(of: [InboxRow]?.self) { group in
            group.addTask { try await task.value }
            group.addTask {
                try await Task.sleep(for: .milliseconds(1))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    @Test("the claim statement plans as InboxClaimPlan does, for any attempts")
    func claimMatchesThePlan() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let store = try #require(harness.postgres)
            var random = SplitMix(seed: 20_261_207)
            for _ in 0..<120 {
                try await store.transaction { try await $0.execute("TRUNCATE inbox", logger: store.logger) }
                let attempts = (0..<random.next(upTo: 9)).map { _ in random.next(upTo: 5) }
                let limit = 1 + random.next(upTo: 8)
                let maxAttempts = 1 + random.next(upTo: 4)
                var candidates: [InboxClaimPlan.Candidate] = []
                for (n, tried) in attempts.enumerated() {
                    let id = try await store.appendToInbox(Self.body(n), receivedAt: Sample.t0)
                    try await store.transaction { connection in
                        try await connection.execute("UPDATE inbox SET attempts = \(tried) WHERE id = \(id)", logger: store.logger)
                    }
                    candidates.append(InboxClaimPlan.Candidate(id: id, attempts: tried))
                }
                let plan = InboxClaimPlan.plan(Array(candidates.prefix(limit)), maxAttempts: maxAttempts)
                let claim = try await store.claimInbox(limit: limit, now: Sample.t0, leaseUntil: Sample.at(60), maxAttempts: maxAttempts)
                #expect(claim.rows.map(\.id) == plan.claim, "attempts \(attempts), limit \(limit), max \(maxAttempts)")
                #expect(claim.quarantined.map(\.id) == plan.quarantine, "attempts \(attempts), limit \(limit), max \(maxAttempts)")
                for row in claim.rows {
                    #expect(row.attempts == (candidates.first { $0.id == row.id }?.attempts ?? -1) + 1)
                }
            }
        }
    }

    @Test("a database migrated by a newer Luagram is refused, naming what it does not know")
    func newerSchemaIsRefused() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let store = try #require(harness.postgres)
            try await store.transaction { connection in
                try await connection.execute(
                    "INSERT INTO luagram_migrations (name) VALUES ('2099-01-01-pg-01-from-the-future')", logger: store.logger)
            }
            await #expect(throws: PostgresStoreError.newerSchema(unknownMigrations: ["2099-01-01-pg-01-from-the-future"])) {
                let newer = try await PostgresStore(location: store.location, logger: store.logger)
                await newer.close()
            }
        }
    }

    @Test("a database an older Luagram left gets the migrations it lacks, in order")
    func olderSchemaIsMigrated() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let current = try #require(harness.postgres)
            var location = current.location
            location.schema = current.location.schema + "_old"
            let old = try await PostgresStore(location: location, upTo: PostgresMigrations.inbox.name, logger: current.logger)
            do {
                #expect(try await old.appliedMigrations() == [PostgresMigrations.inbox.name])
                // as the older Luagram wrote it: without the columns later migrations add
                try await old.transaction { connection in
                    try await connection.execute(
                        "INSERT INTO inbox (received_at, body) VALUES (0, \(Self.body(1)))", logger: old.logger)
                }
                await old.close()
                let upgraded = try await PostgresStore(location: location, logger: current.logger)
                #expect(try await upgraded.appliedMigrations() == PostgresMigrations.all.map(\.name))
                #expect(try await upgraded.inboxCounts() == [.pending: 1])
                try await upgraded.dropSchemaForTests()
                await upgraded.close()
            } catch {
                try? await old.dropSchemaForTests()
                await old.close()
                throw error
            }
        }
    }

    @Test("what the server reports about itself gives a body its attempt back; what it says about the data does not")
    func storageFailures() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let store = try #require(harness.postgres)
            #expect(PostgresStore.isStorageFailure(try await harness.storageFailure()))
            #expect(PostgresStore.isStorageFailure(CancellationError()))
            #expect(!PostgresStore.isStorageFailure(StoreError.invalidOutcome("bad")))
            do {
                try await store.transaction { connection in
                    try await connection.execute("INSERT INTO inbox (received_at, body) VALUES (0, ''::bytea)", logger: store.logger)
                }
                Issue.record("an empty body was stored")
            } catch {
                #expect(!PostgresStore.isStorageFailure(error))
            }
        }
    }
}

extension PostgresStoreTests {
    @Test("a database error says what the server said, and not the values of the query")
    func errorsSayWhatTheServerSaid() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let store = try #require(harness.postgres)
            do {
                try await store.transaction { connection in
                    try await connection.execute(
                        "INSERT INTO inbox (received_at, body) VALUES (0, \(ByteBuffer(string: "secret text"))::bytea, 'x')",
                        logger: store.logger)
                }
                Issue.record("a row with too many values was stored")
            } catch {
                let text = "\(error)"
                #expect(text.contains("SQLSTATE 42601"), "\(text)")
                #expect(text.contains("INSERT has more expressions than target columns"), "\(text)")
                #expect(!text.contains("secret"), "\(text)")
            }
        }
    }
}

/// A small seeded generator, so a failing case of `claimMatchesThePlan` comes back the
/// same on the next run.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
