import Foundation

/// What one node does with its leases on a kind of slot in one renewal: keep those it holds,
/// take free or expired ones up to its fair share, and give back what is over it, so that a
/// new node gets work and a dead node's work moves within one lease.
///
/// Pure: the caller reads the leases and the live nodes in a transaction and writes the plan
/// back in the same one.
public struct LeasePlan: Sendable, Hashable {
    /// A slot's lease as the database has it.
    public struct Lease: Sendable, Hashable {
        public var node: String
        public var expiresAt: Date

        public init(node: String, expiresAt: Date) {
            self.node = node
            self.expiresAt = expiresAt
        }
    }

    /// Held and still valid: renewed.
    public var keep: [Int] = []
    /// Free or expired: taken.
    public var take: [Int] = []
    /// Held but over the fair share: given back.
    public var release: [Int] = []

    /// The slots this node holds after the plan.
    public var held: [Int] { (keep + take).sorted() }

    /// A node's fair share of `slots` among `liveNodes` (itself included): rounded up, so the
    /// slots are all held even when they do not divide evenly.
    public static func share(of slots: Int, liveNodes: Int) -> Int {
        let nodes = max(1, liveNodes)
        return (slots + nodes - 1) / nodes
    }

    /// - Parameters:
    ///   - node: this node.
    ///   - slots: how many slots there are (0..<slots).
    ///   - leases: the leases by slot; a slot without one is free.
    ///   - liveNodes: how many nodes renewed recently, this one included.
    public static func plan(node: String, slots: Int, leases: [Int: Lease], liveNodes: Int, now: Date) -> LeasePlan {
        var plan = LeasePlan()
        var free: [Int] = []
        for slot in 0..<slots {
            guard let lease = leases[slot], lease.expiresAt > now else {
                free.append(slot)
                continue
            }
            if lease.node == node { plan.keep.append(slot) }
        }
        let share = share(of: slots, liveNodes: liveNodes)
        if plan.keep.count > share {
            plan.release = Array(plan.keep.suffix(plan.keep.count - share))
            plan.keep.removeLast(plan.keep.count - share)
        } else {
            // nodes start at different places in the free list, so that two nodes taking
            // at once mostly take different slots
            let start = free.isEmpty ? 0 : Int(ClusterSlots.fnv1a(node) % UInt64(free.count))
            let rotated = Array(free[start...] + free[..<start])
            plan.take = Array(rotated.prefix(share - plan.keep.count))
        }
        return plan
    }
}
