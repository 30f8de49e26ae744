import Foundation
import LuagramDomain
import Testing

@testable import LuagramPostgres

/// Nodes sharing one PostgreSQL database: leases, the claims they scope, and the doorbell.
@Suite("Several nodes on one PostgreSQL", .enabled(if: PortStoreKind.serverURL != nil, "LUAGRAM_TEST_DATABASE_URL is not set"))
struct ClusterTests {
    /// A node on the harness's schema, with its own pool and membership. Bodies of the test
    /// inbox (`InboxTests.body(n)`) go to partition n % 2.
    static func node(_ name: String, on harness: PortHarness) async throws -> (PostgresStore, ClusterMembership) {
        let first = try #require(harness.postgres)
        let membership = ClusterMembership(node: name) { body in
            (1...20).first { InboxTests.body($0) == body }.map { $0 % 2 } ?? 0
        }
        return (try await PostgresStore(location: first.location, membership: membership, logger: first.logger), membership)
    }

    static func granted(_ membership: ClusterMembership, partitions: [Int] = [], sendSlots: [Int] = []) {
        membership.granted(
            LeaseRenewal(partitions: partitions, sendSlots: sendSlots, takenSendSlots: [], liveNodes: 2, started: .now))
    }

    @Test("a contact's later send waits while another node still has an earlier one in flight")
    func sendsWaitForAnotherNodesInFlightSend() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let (a, nodeA) = try await Self.node("a", on: harness)
            let (b, nodeB) = try await Self.node("b", on: harness)
            let slot = ClusterSlots.sendSlot(account: Sample.account)
            Self.granted(nodeA, sendSlots: [slot])
            let first = Sample.message(mid: "mid.order.1")
            let one = Sample.outcome(
                first, state: try await a.contactState(account: Sample.account, contact: first.contact.id),
                decisions: [Sample.reply("one", to: first)])
            #expect(try await a.commit(one) == .committed)
            #expect(try await a.claimDueOutbox(limit: 10, now: Sample.at(5)).map(\.entry.id) == one.outbox.map(\.id))
            // a's lease on the slot ran out while its send was in flight; b holds the slot now
            Self.granted(nodeA)
            Self.granted(nodeB, sendSlots: [slot])
            let second = Sample.message(mid: "mid.order.2", at: 3)
            let two = Sample.outcome(
                second, state: try await b.contactState(account: Sample.account, contact: second.contact.id),
                decisions: [Sample.reply("two", to: second)])
            #expect(try await b.commit(two) == .committed)
            #expect(try await b.claimDueOutbox(limit: 10, now: Sample.at(6)).isEmpty, "b's send would overtake a's")
            try await a.apply([.sent(one.outbox[0].id, part: 0, messageID: "mid.out.1")], at: Sample.at(6))
            #expect(try await b.claimDueOutbox(limit: 10, now: Sample.at(7)).map(\.entry.id) == two.outbox.map(\.id))
            await a.close()
            await b.close()
        }
    }

    @Test("nodes share partitions and sending slots out, and a node that leaves hands its share over")
    func leasesAreShared() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let (a, nodeA) = try await Self.node("a", on: harness)
            let (b, nodeB) = try await Self.node("b", on: harness)
            let alone = try await a.renewLeases(nodeA)
            #expect(alone.partitions == Array(0..<ClusterSlots.partitions))
            #expect(alone.sendSlots == Array(0..<ClusterSlots.sendSlots))
            #expect(alone.takenSendSlots.count == ClusterSlots.sendSlots)
            // the newcomer finds everything held, so it waits for the first node to give back
            #expect(try await b.renewLeases(nodeB).partitions.isEmpty)
            let shared = try await a.renewLeases(nodeA)
            #expect(shared.liveNodes == 2)
            #expect(shared.partitions.count == ClusterSlots.partitions / 2)
            let second = try await b.renewLeases(nodeB)
            #expect(Set(second.partitions).isDisjoint(with: shared.partitions))
            #expect(second.partitions.count + shared.partitions.count == ClusterSlots.partitions)
            #expect(second.sendSlots.count + shared.sendSlots.count == ClusterSlots.sendSlots)
            #expect(second.takenSendSlots.sorted() == second.sendSlots)
            // a graceful stop: the survivor takes everything at its next renewal
            try await a.leaveCluster(nodeA)
            let survivor = try await b.renewLeases(nodeB)
            #expect(survivor.liveNodes == 1)
            #expect(survivor.partitions == Array(0..<ClusterSlots.partitions))
            await a.close()
            await b.close()
        }
    }

    @Test("a node claims only its partitions' bodies, and waits while another node holds one in a partition it took")
    func claimsFollowPartitions() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let (a, nodeA) = try await Self.node("a", on: harness)
            let (b, nodeB) = try await Self.node("b", on: harness)
            Self.granted(nodeA, partitions: [0])
            Self.granted(nodeB, partitions: [1])
            for n in 1...4 { _ = try await a.appendToInbox(InboxTests.body(n), receivedAt: Sample.at(Double(n))) }
            let t = Sample.at(10)
            let claimedByA = try await a.claimInbox(limit: 10, now: t, leaseUntil: t.addingTimeInterval(15))
            #expect(claimedByA.map(\.body) == [InboxTests.body(2), InboxTests.body(4)])
            let claimedByB = try await b.claimInbox(limit: 10, now: t, leaseUntil: t.addingTimeInterval(15))
            #expect(claimedByB.map(\.body) == [InboxTests.body(1), InboxTests.body(3)])
            // partition 0 moves to b while a still holds its bodies: b waits for a's batch
            Self.granted(nodeB, partitions: [0, 1])
            _ = try await b.appendToInbox(InboxTests.body(6), receivedAt: t)
            #expect(try await b.claimInbox(limit: 10, now: t, leaseUntil: t.addingTimeInterval(15)).isEmpty)
            try await a.markInboxDone(claimedByA.map(\.id), at: t)
            #expect(try await b.claimInbox(limit: 10, now: t, leaseUntil: t.addingTimeInterval(15)).map(\.body) == [InboxTests.body(6)])
            // a restart of b releases b's claims only
            try await b.markInboxDone(claimedByB.map(\.id), at: t)
            #expect(try await a.releaseInboxLeases(at: t) == 0)
            #expect(try await b.releaseInboxLeases(at: t) == 1)
            // leases that may have run out stop the claims
            Self.granted(nodeA, partitions: [])
            #expect(nodeA.partitions.isEmpty)
            await a.close()
            await b.close()
        }
    }

    @Test("a body stored through one node rings the other node's doorbell")
    func notificationsWakeOtherNodes() async throws {
        try await PortHarness.withInbox(.postgres) { harness in
            let (a, _) = try await Self.node("a", on: harness)
            let (b, _) = try await Self.node("b", on: harness)
            // b's listener connects in the background; give it a moment, then forget what rang
            try await Task.sleep(for: .milliseconds(500))
            await b.inboxDoorbell.wait(upTo: .milliseconds(10))
            _ = try await a.appendToInbox(InboxTests.body(1), receivedAt: Sample.t0)
            let started = ContinuousClock.now
            await b.inboxDoorbell.wait(upTo: .seconds(5))
            #expect(ContinuousClock.now - started < .seconds(2))
            await a.close()
            await b.close()
        }
    }
}
