import Foundation
import LuagramDomain
import Testing

@testable import LuagramPostgres
@testable import LuagramStore

@Suite("The inbox")
struct InboxTests {
    static func body(_ n: Int) -> Data { Data(#"{"object":"instagram","entry":[{"id":"\#(n)"}]}"#.utf8) }

    @Test("a body is appended, claimed, and finished as done or rejected", arguments: PortStoreKind.available)
    func appendClaimFinish(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let first = try await store.appendToInbox(Self.body(1), receivedAt: Sample.at(0))
            let second = try await store.appendToInbox(Self.body(2), receivedAt: Sample.at(1))
            #expect(first < second)

            let claimed = try await store.claimInbox(limit: 10, now: Sample.at(2), leaseUntil: Sample.at(62))
            #expect(claimed.map(\.id) == [first, second])
            #expect(claimed[0].body == Self.body(1))
            #expect(claimed[0].receivedAt == Sample.at(0))
            #expect(claimed[0].attempts == 1)
            #expect(claimed[0].leasedUntil == Sample.at(62))

            try await store.markInboxDone([first], at: Sample.at(3))
            try await store.markInboxRejected(second, error: "not JSON: unexpected end", at: Sample.at(3))
            let done = try #require(try await store.inboxRow(first))
            #expect(done.state == .done)
            #expect(done.finishedAt == Sample.at(3))
            #expect(done.leasedUntil == nil)
            let rejected = try #require(try await store.inboxRow(second))
            #expect(rejected.state == .rejected)
            #expect(rejected.error == "not JSON: unexpected end")
            #expect(try await store.inboxCounts() == [.done: 1, .rejected: 1])
            // Finished rows are never handed out again, even once the lease is long gone.
            #expect(try await store.claimInbox(limit: 10, now: Sample.at(1000), leaseUntil: Sample.at(1060)).isEmpty)
        }
    }

    @Test("finishing a row twice keeps the first outcome", arguments: PortStoreKind.available)
    func finishingIsIdempotent(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let id = try await store.appendToInbox(Self.body(1), receivedAt: Sample.t0)
            try await store.markInboxDone([id], at: Sample.at(1))
            try await store.markInboxRejected(id, error: "late worker", at: Sample.at(2))
            let row = try #require(try await store.inboxRow(id))
            #expect(row.state == .done)
            #expect(row.error == nil)
        }
    }

    @Test("a batch is appended in one transaction, with ids in order", arguments: PortStoreKind.available)
    func batchAppend(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let ids = try await store.appendToInbox((1...5).map { InboxBody(Self.body($0), receivedAt: Sample.at(Double($0))) })
            #expect(ids.count == 5)
            #expect(ids == ids.sorted())
            #expect(try await store.inboxRow(ids[4])?.body == Self.body(5))
            #expect(try await store.inboxCounts() == [.pending: 5])
            // a later append gets a later id than the whole batch
            let next = try await store.appendToInbox(Self.body(6), receivedAt: Sample.at(6))
            #expect(next > ids[4])
        }
    }

    @Test("a batch with one refused body stores none of them", arguments: PortStoreKind.available)
    func batchIsAllOrNothing(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let batch = [
                InboxBody(Self.body(1), receivedAt: Sample.t0), InboxBody(Self.body(2), receivedAt: Sample.t0),
                InboxBody(Data(), receivedAt: Sample.t0), InboxBody(Self.body(4), receivedAt: Sample.t0),
            ]
            await #expect(throws: StoreError.emptyInboxBody) { try await store.appendToInbox(batch) }
            let counts = try await store.inboxCounts()
            #expect(counts.isEmpty)
        }
    }

    @Test("an empty body is refused alone, without failing the appends beside it", arguments: PortStoreKind.available)
    func emptyBodyIsRefusedAlone(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let good = Task { try await store.appendToInbox(Self.body(1), receivedAt: Sample.t0) }
            let bad = Task { try await store.appendToInbox(Data(), receivedAt: Sample.t0) }
            await #expect(throws: StoreError.emptyInboxBody) { try await bad.value }
            let stored = try await good.value
            #expect(try await store.inboxRow(stored)?.state == .pending)
        }
    }

    @Test("concurrent appends are all stored, each once", arguments: PortStoreKind.available)
    func concurrentAppendsAreAllStored(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let ids = try await withThrowingTaskGroup(of: InboxID.self) { group in
                for n in 0..<200 {
                    group.addTask { try await store.appendToInbox(Self.body(n), receivedAt: Sample.at(Double(n))) }
                }
                return try await group.reduce(into: [InboxID]()) { $0.append($1) }
            }
            #expect(Set(ids).count == 200)
            #expect(try await store.inboxCounts() == [.pending: 200])
            let rows = try await store.claimInbox(limit: 500, now: Sample.at(1000), leaseUntil: Sample.at(1060))
            #expect(Set(rows.map(\.body)).count == 200)
            #expect((harness.sqlite?.inboxAppendsWaiting ?? harness.postgres?.inboxAppendsWaiting) == 0)
            // appends that came together were committed together, not one transaction each
            let writes = harness.sqlite?.inbox.writeCount ?? harness.postgres?.inboxAppends.writeCount ?? 0
            #expect(writes > 0 && writes < 200, "\(writes) transactions for 200 appends")
        }
    }

    @Test("appends that arrive during a write share the next transaction")
    func appendsDuringAWriteShareOneCommit() async throws {
        let store = try StoreHarness().store
        let release = DispatchSemaphore(value: 0)
        let (started, signal) = AsyncStream<Void>.makeStream()
        let occupied = Task { try await store.occupyWriter(of: .inbox, onStart: { signal.yield() }, until: release) }
        for await _ in started { break }

        let appends = (0..<50).map { n in
            Task { try await store.appendToInbox(Self.body(n), receivedAt: Sample.t0) }
        }
        while store.inboxAppendsReceived < 50 { await Task.yield() }
        #expect(store.inboxAppendsWaiting == 50)
        release.signal()
        try await occupied.value
        for append in appends { _ = try await append.value }
        #expect(store.inboxAppendsWaiting == 0)

        // The first append may have taken a transaction of its own before the rest queued.
        #expect(store.inbox.writeCount <= 2)
        #expect(try await store.count("inbox") == 50)
    }

    @Test("appends are stored while the database's writer is busy: processing never holds up a webhook")
    func appendsDoNotWaitForTheDatabaseWriter() async throws {
        let store = try StoreHarness().store
        let release = DispatchSemaphore(value: 0)
        let (started, signal) = AsyncStream<Void>.makeStream()
        let occupied = Task { try await store.occupyWriter(of: .database, onStart: { signal.yield() }, until: release) }
        for await _ in started { break }

        let id = try await store.appendToInbox(Self.body(1), receivedAt: Sample.t0)
        let claimed = try await store.claimInbox(limit: 1, now: Sample.t0, leaseUntil: Sample.at(60))
        release.signal()
        try await occupied.value
        #expect(claimed.map(\.id) == [id])
    }

    @Test("two concurrent claimers never get the same row", arguments: PortStoreKind.available)
    func claimsAreDisjoint(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            _ = try await store.appendToInbox((0..<40).map { InboxBody(Self.body($0), receivedAt: Sample.t0) })
            for round in 0..<3 {
                let now = Sample.at(Double(round * 1000))
                async let a = store.claimInbox(limit: 6, now: now, leaseUntil: now.addingTimeInterval(60))
                async let b = store.claimInbox(limit: 6, now: now, leaseUntil: now.addingTimeInterval(60))
                let (first, second) = try await (a, b)
                #expect(first.count == 6 && second.count == 6)
                #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
                try await store.markInboxDone((first + second).map(\.id), at: now)
            }
            #expect(try await store.inboxCounts() == [.done: 36, .pending: 4])
        }
    }

    @Test("two stores on one file, like two processes, never claim the same row")
    func claimsAreDisjointAcrossConnections() async throws {
        let harness = try StoreHarness()
        let other = try SQLiteStore(path: harness.path)
        _ = try await harness.store.appendToInbox((0..<100).map { InboxBody(Self.body($0), receivedAt: Sample.t0) })
        let claimers = [harness.store, other, harness.store, other]
        let claims = try await withThrowingTaskGroup(of: [InboxID].self) { group in
            for claimer in claimers {
                group.addTask {
                    var mine: [InboxID] = []
                    while true {
                        let rows = try await claimer.claimInbox(limit: 3, now: Sample.t0, leaseUntil: Sample.at(60))
                        if rows.isEmpty { return mine }
                        mine += rows.map(\.id)
                    }
                }
            }
            return try await group.reduce(into: [[InboxID]]()) { $0.append($1) }
        }
        let all = claims.flatMap { $0 }
        #expect(all.count == 100)
        #expect(Set(all).count == 100)
    }

    @Test("a leased row is handed out again only after its lease ran out", arguments: PortStoreKind.available)
    func expiredLeasesAreReclaimed(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let id = try await store.appendToInbox(Self.body(1), receivedAt: Sample.t0)
            _ = try await store.claimInbox(limit: 1, now: Sample.at(0), leaseUntil: Sample.at(60))
            #expect(try await store.claimInbox(limit: 1, now: Sample.at(59), leaseUntil: Sample.at(119)).isEmpty)
            let again = try await store.claimInbox(limit: 1, now: Sample.at(60), leaseUntil: Sample.at(120))
            #expect(again.map(\.id) == [id])
            #expect(again.first?.attempts == 2)
        }
    }
}
