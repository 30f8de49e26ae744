import Foundation
import LuagramDomain
import Testing

@Suite("Leases of a cluster's slots")
struct LeasePlanTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func leases(_ holders: [Int: String], expiring seconds: TimeInterval = 5) -> [Int: LeasePlan.Lease] {
        holders.mapValues { LeasePlan.Lease(node: $0, expiresAt: now.addingTimeInterval(seconds)) }
    }

    @Test("a lone node takes every slot")
    func loneNodeTakesAll() {
        let plan = LeasePlan.plan(node: "a", slots: 8, leases: [:], liveNodes: 1, now: now)
        #expect(plan.held == Array(0..<8))
        #expect(plan.release.isEmpty)
    }

    @Test("a second node takes half of the free slots and the first gives back what is over its share")
    func secondNodeJoins() {
        let held = leases(Dictionary(uniqueKeysWithValues: (0..<8).map { ($0, "a") }))
        let first = LeasePlan.plan(node: "a", slots: 8, leases: held, liveNodes: 2, now: now)
        #expect(first.keep.count == 4)
        #expect(first.release.count == 4)
        #expect(first.take.isEmpty)
        // before the first node gives any back, the newcomer finds nothing free and waits
        let early = LeasePlan.plan(node: "b", slots: 8, leases: held, liveNodes: 2, now: now)
        #expect(early.held.isEmpty)
        var after = held
        for slot in first.release { after[slot] = nil }
        let second = LeasePlan.plan(node: "b", slots: 8, leases: after, liveNodes: 2, now: now)
        #expect(Set(second.take) == Set(first.release))
    }

    @Test("a dead node's expired slots are taken by the survivors, who share them out")
    func deadNodesSlotsMove() {
        var holders: [Int: String] = [:]
        for slot in 0..<9 { holders[slot] = ["a", "b", "c"][slot % 3] }
        var table = leases(holders)
        for slot in 0..<9 where holders[slot] == "c" { table[slot]?.expiresAt = now.addingTimeInterval(-1) }
        let a = LeasePlan.plan(node: "a", slots: 9, leases: table, liveNodes: 2, now: now)
        #expect(a.keep.count == 3)
        #expect(a.take.count == 2)  // share of 9 among 2 is 5
        for slot in a.take { table[slot] = LeasePlan.Lease(node: "a", expiresAt: now.addingTimeInterval(10)) }
        let b = LeasePlan.plan(node: "b", slots: 9, leases: table, liveNodes: 2, now: now)
        #expect(b.take.count == 1)
        #expect(Set(a.held).isDisjoint(with: b.held))
        #expect(a.held.count + b.held.count == 9)
    }

    @Test("a slot another live node holds is never taken")
    func heldSlotsStay() {
        let table = leases([0: "a", 1: "a", 2: "a", 3: "a"])
        let plan = LeasePlan.plan(node: "b", slots: 4, leases: table, liveNodes: 1, now: now)
        #expect(plan.held.isEmpty)
    }

    @Test("the fair share is rounded up, so every slot has a holder")
    func shareRoundsUp() {
        #expect(LeasePlan.share(of: 64, liveNodes: 3) == 22)
        #expect(LeasePlan.share(of: 64, liveNodes: 0) == 64)
        #expect(LeasePlan.share(of: 3, liveNodes: 5) == 1)
    }

    @Test("partitions and sending slots are the same on every node and every run")
    func slotsAreStable() {
        // FNV-1a of fixed strings, worked out apart from this code: a change here would move
        // every contact's partition while nodes of the old and the new version share a database
        #expect(ClusterSlots.partition(account: "17841400000000001", contact: "1284567890123451") == 53)
        #expect(ClusterSlots.sendSlot(account: "17841400000000001") == 3)
        let partitions = Set((0..<1000).map { ClusterSlots.partition(account: "17841400000000001", contact: "contact-\($0)") })
        #expect(partitions.count > 50)  // spread over nearly all 64
        #expect(partitions.allSatisfy { (0..<ClusterSlots.partitions).contains($0) })
    }
}
