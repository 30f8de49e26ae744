import Foundation
import LuagramDomain
import Synchronization

/// This node's place in a cluster of Luagram nodes on one PostgreSQL database: its name, and
/// the processing partitions and sending slots it holds until its leases run out.
///
/// The store reads it on every claim, so that a node only takes inbox bodies of the contacts
/// it owns and sends only for the accounts it owns; `PostgresStore.renewLeases` updates it.
/// Validity is measured on this node's monotonic clock from the start of the renewal that
/// granted the leases, less a margin: a node stops claiming before the database would let
/// another node take over, even if it cannot reach the database to learn so.
public final class ClusterMembership: Sendable {
    /// The node's name: stable across restarts, so that a restarted node recognises the
    /// sends its previous process began (its send journal).
    public let node: String
    /// How long a lease lasts in the database without renewal.
    public let leaseTime: Duration
    /// Which processing partition a webhook body belongs to (its first event's contact).
    public let partitionOf: @Sendable (Data) -> Int

    private struct Held {
        var partitions: [Int] = []
        var sendSlots: [Int] = []
        var validUntil = ContinuousClock.Instant.now
    }

    private let held = Mutex(Held())

    public init(node: String, leaseTime: Duration = .seconds(10), partitionOf: @escaping @Sendable (Data) -> Int) {
        self.node = node
        self.leaseTime = leaseTime
        self.partitionOf = partitionOf
    }

    /// How often leases are renewed: a fifth of their time, so that two renewals can fail
    /// before the node has to stop.
    public var renewalInterval: Duration { leaseTime / 5 }

    /// The partitions this node may process now; none once its leases may have run out.
    public var partitions: [Int] { held.withLock { ContinuousClock.now < $0.validUntil ? $0.partitions : [] } }

    /// The sending slots this node may send for now; none once its leases may have run out.
    public var sendSlots: [Int] { held.withLock { ContinuousClock.now < $0.validUntil ? $0.sendSlots : [] } }

    /// Lets the store claim for what `renewal` holds, until a lease time after the renewal
    /// began, less a margin for the time between the database's clock and ours.
    public func granted(_ renewal: LeaseRenewal) {
        let validUntil = renewal.started + leaseTime - renewalInterval
        held.withLock { $0 = Held(partitions: renewal.partitions, sendSlots: renewal.sendSlots, validUntil: validUntil) }
    }

    func resign() {
        held.withLock { $0 = Held() }
    }
}

/// What one renewal left this node with.
public struct LeaseRenewal: Sendable, Hashable {
    public var partitions: [Int]
    public var sendSlots: [Int]
    /// Sending slots this renewal took from no one or from a node whose lease ran out: their
    /// rate limits must be read again, and the sends left half done there checked.
    public var takenSendSlots: [Int]
    /// Nodes that renewed within a lease time, this one included.
    public var liveNodes: Int
    /// When this node began the renewal, on its own clock: the leases count from then.
    public var started: ContinuousClock.Instant
}
