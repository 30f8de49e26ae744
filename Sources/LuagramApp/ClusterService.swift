import Logging
import LuagramDomain
import LuagramEngine
import LuagramPostgres
import ServiceLifecycle

/// Keeps this node's leases in a cluster on PostgreSQL: renews them every fifth of their
/// time, hands the sender the accounts of sending slots it took over before anything is
/// sent for them, requeues the sends dead nodes left half done there, and gives everything
/// back on a graceful shutdown so the other nodes take over at once, not after a lease time.
struct ClusterService: Service {
    let store: PostgresStore
    let membership: ClusterMembership
    let sender: OutboxSender
    let clock: any Clock
    let logger: Logger

    /// How long a claimed webhook body stays with a node: short, as a partition's next
    /// owner waits for the bodies its last owner still holds.
    static let bodyLease: Double = 15

    func run() async throws {
        await cancelWhenGracefulShutdown { await renewUntilCancelled() }
        do {
            try await store.leaveCluster(membership)
        } catch {
            logger.warning("cannot give this node's leases back; they run out instead", metadata: ["error": "\(error)"])
        }
    }

    private func renewUntilCancelled() async {
        var held: LeaseRenewal?
        while !Task.isCancelled {
            do {
                let renewal = try await store.renewLeases(membership)
                if !renewal.takenSendSlots.isEmpty {
                    let taken = Set(renewal.takenSendSlots)
                    await sender.takeOver { taken.contains(ClusterSlots.sendSlot(account: $0)) }
                }
                membership.granted(renewal)
                let abandoned = try await store.requeueAbandonedSends(at: clock.now)
                if abandoned > 0 {
                    logger.warning(
                        "sends a dead node left half done are checked with Meta before another try",
                        metadata: ["sends": "\(abandoned)"])
                }
                if renewal.partitions != held?.partitions || renewal.sendSlots != held?.sendSlots {
                    logger.notice(
                        "cluster leases",
                        metadata: [
                            "node": "\(membership.node)", "nodes": "\(renewal.liveNodes)",
                            "partitions": "\(renewal.partitions.count)", "send_slots": "\(renewal.sendSlots.count)",
                        ])
                }
                held = renewal
            } catch {
                // the leases stay valid a while: membership stops the claims when they may not be
                logger.warning("cannot renew this node's leases", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: membership.renewalInterval)
        }
    }
}
