import Foundation
import LuagramDomain
import Testing

@testable import LuagramStore

@Suite("Quarantining inbox bodies")
struct InboxQuarantineTests {
    static func body(_ n: Int) -> Data { InboxTests.body(n) }

    /// Claims like a processor whose every claim dies before it finishes: the lease is
    /// ended at once, as a restart does.
    static func crash(_ store: any InboxStore, at seconds: TimeInterval, maxAttempts: Int = 3) async throws -> InboxClaim {
        let claim = try await store.claimInbox(
            limit: 10, now: Sample.at(seconds), leaseUntil: Sample.at(seconds + 60), maxAttempts: maxAttempts)
        _ = try await store.releaseInboxLeases(at: Sample.at(seconds))
        return claim
    }

    @Test("a body that stops the process three times is quarantined by the fourth claim, with why", arguments: PortStoreKind.available)
    func crashesQuarantine(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let id = try await store.appendToInbox(Self.body(1), receivedAt: Sample.t0)
            for attempt in 1...3 {
                let claim = try await Self.crash(store, at: Double(attempt))
                #expect(claim.rows.map(\.id) == [id])
                #expect(claim.rows.first?.attempts == attempt)
            }
            let fourth = try await Self.crash(store, at: 4)
            #expect(fourth.rows.isEmpty)
            #expect(fourth.quarantined.map(\.id) == [id])
            let row = try #require(try await store.inboxRow(id))
            #expect(row.state == .quarantined)
            #expect(row.attempts == 3)
            #expect(row.error == "the process stopped while processing it (3 attempts)")
            #expect(row.finishedAt == Sample.at(4))
            #expect(try await store.inboxCounts() == [.quarantined: 1])
            let listed = try await store.quarantinedInbox(limit: 10)
            #expect(listed == [
                QuarantinedBody(
                    id: id, receivedAt: Sample.t0, attempts: 3, error: "the process stopped while processing it (3 attempts)",
                    quarantinedAt: Sample.at(4), bytes: Self.body(1).count)
            ])
            // never handed out again
            #expect(try await store.claimInbox(limit: 10, now: Sample.at(1000), leaseUntil: Sample.at(1060), maxAttempts: 3).rows.isEmpty)
        }
    }

    @Test(
        "a body whose processing kept failing keeps the last error; a storage failure gives the attempt back",
        arguments: PortStoreKind.available)
    func failuresAreCharged(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let id = try await store.appendToInbox(Self.body(1), receivedAt: Sample.t0)
            _ = try await store.claimInbox(limit: 10, now: Sample.at(1), leaseUntil: Sample.at(61), maxAttempts: 3)
            try await store.releaseInbox([id], after: try await harness.storageFailure(), at: Sample.at(1))
            #expect(try await store.inboxRow(id)?.attempts == 0)
            #expect(try await store.inboxRow(id)?.leasedUntil == nil)
            for attempt in 1...3 {
                let claim = try await store.claimInbox(
                    limit: 10, now: Sample.at(Double(attempt + 1)), leaseUntil: Sample.at(100), maxAttempts: 3)
                #expect(claim.rows.map(\.id) == [id])
                try await store.releaseInbox([id], after: StoreError.invalidOutcome("bad \(attempt)"), at: Sample.at(2))
            }
            #expect(try await store.inboxRow(id)?.error == "invalid event outcome: bad 3")
            let claim = try await store.claimInbox(limit: 10, now: Sample.at(10), leaseUntil: Sample.at(70), maxAttempts: 3)
            #expect(claim.quarantined.map(\.error) == ["processing failed 3 times; last: invalid event outcome: bad 3"])
            #expect(try await store.inboxRow(id)?.error == "processing failed 3 times; last: invalid event outcome: bad 3")
        }
    }

    @Test("retry puts quarantined bodies back with no attempts, and leaves other rows alone", arguments: PortStoreKind.available)
    func retry(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let ids = try await store.appendToInbox((1...3).map { InboxBody(Self.body($0), receivedAt: Sample.t0) })
            for second in 1...4 { _ = try await Self.crash(store, at: Double(second), maxAttempts: 3) }
            // all three crashed together once, then each alone: quarantined one by one
            #expect(try await store.inboxCounts()[.quarantined] ?? 0 >= 1)
            for second in 5...20 { _ = try await Self.crash(store, at: Double(second), maxAttempts: 3) }
            #expect(try await store.inboxCounts() == [.quarantined: 3])

            #expect(try await store.retryQuarantined([ids[1], 999], at: Sample.at(30)) == [ids[1]])
            let back = try #require(try await store.inboxRow(ids[1]))
            #expect(back.state == .pending && back.attempts == 0 && back.error == nil && back.finishedAt == nil)
            #expect(try await store.retryQuarantined(nil, at: Sample.at(31)).sorted() == [ids[0], ids[2]])
            #expect(try await store.inboxCounts() == [.pending: 3])
            // untried again: claimed together
            let claim = try await store.claimInbox(limit: 10, now: Sample.at(32), leaseUntil: Sample.at(92), maxAttempts: 3)
            #expect(claim.rows.map(\.id) == ids)
        }
    }

    @Test("a restart ends the leases of the bodies a killed process held, keeping their attempts", arguments: PortStoreKind.available)
    func restartReleasesLeases(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let ids = try await store.appendToInbox((1...2).map { InboxBody(Self.body($0), receivedAt: Sample.t0) })
            _ = try await store.claimInbox(limit: 10, now: Sample.at(1), leaseUntil: Sample.at(61), maxAttempts: 3)
            #expect(try await store.releaseInboxLeases(at: Sample.at(2)) == 2)
            let first = try await store.claimInbox(limit: 10, now: Sample.at(2), leaseUntil: Sample.at(62), maxAttempts: 3)
            #expect(first.rows.map(\.id) == [ids[0]])
            #expect(first.rows.first?.attempts == 2)
        }
    }
}
