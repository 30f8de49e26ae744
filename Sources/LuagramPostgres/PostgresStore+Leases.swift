import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore {
    /// One renewal of this node's leases, in one transaction under an advisory lock (renewals
    /// of all nodes take turns; each is a handful of rows): the node says it is alive,
    /// counts the live nodes, and keeps, takes and gives back partitions and sending slots
    /// by `LeasePlan`. Times are the database's clock, so nodes' clocks need not agree.
    ///
    /// The caller hands the result to `membership.granted(_:)` once it has taken over what
    /// the new sending slots need (their rate limits), so nothing is sent for them before.
    public func renewLeases(_ membership: ClusterMembership) async throws -> LeaseRenewal {
        let started = ContinuousClock.now
        let node = membership.node
        let leaseMicros = Int64(membership.leaseTime.components.seconds) * 1_000_000
            + membership.leaseTime.components.attoseconds / 1_000_000_000_000
        let renewal = try await transaction { [self] connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.leaseLockKey))", logger: logger)
            let now = try await connection.allRows(
                "SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT", logger: logger
            ).first?.decode(Int64.self) ?? 0
            try await connection.execute(
                """
                INSERT INTO luagram_nodes (id, seen_at) VALUES (\(node), \(now))
                ON CONFLICT (id) DO UPDATE SET seen_at = EXCLUDED.seen_at
                """, logger: logger)
            let live = try await connection.allRows(
                "SELECT count(*) FROM luagram_nodes WHERE seen_at > \(now - leaseMicros)", logger: logger
            ).first?.decode(Int.self) ?? 1
            var leases: [String: [Int: LeasePlan.Lease]] = [:]
            for row in try await connection.allRows("SELECT kind, slot, node, expires_at FROM luagram_leases", logger: logger) {
                let (kind, slot, holder, expires) = try row.decode((String, Int32, String, Int64).self)
                leases[kind, default: [:]][Int(slot)] = LeasePlan.Lease(node: holder, expiresAt: Date(timeIntervalSince1970: Double(expires) / 1_000_000))
            }
            let moment = Date(timeIntervalSince1970: Double(now) / 1_000_000)
            let expires = now + leaseMicros
            var held: [String: [Int]] = [:]
            var taken: [String: [Int]] = [:]
            for (kind, slots) in [("partition", ClusterSlots.partitions), ("send", ClusterSlots.sendSlots)] {
                let plan = LeasePlan.plan(node: node, slots: slots, leases: leases[kind] ?? [:], liveNodes: live, now: moment)
                let renewed = plan.keep + plan.take
                try await connection.execute(
                    """
                    INSERT INTO luagram_leases (kind, slot, node, expires_at)
                    SELECT \(kind), slot, \(node), \(expires) FROM unnest(\(renewed.map(Int64.init))::BIGINT[]) AS slot
                    ON CONFLICT (kind, slot) DO UPDATE SET node = EXCLUDED.node, expires_at = EXCLUDED.expires_at
                    """, logger: logger)
                try await connection.execute(
                    """
                    UPDATE luagram_leases SET expires_at = 0
                    WHERE kind = \(kind) AND node = \(node) AND slot = ANY(\(plan.release.map(Int64.init))::BIGINT[])
                    """, logger: logger)
                held[kind] = plan.held
                taken[kind] = plan.take
            }
            return LeaseRenewal(
                partitions: held["partition"] ?? [], sendSlots: held["send"] ?? [], takenSendSlots: taken["send"] ?? [],
                liveNodes: live, started: started)
        }
        return renewal
    }

    /// Gives this node's leases back and forgets it, on a graceful shutdown, so the other
    /// nodes take its work at their next renewal rather than after a lease time.
    public func leaveCluster(_ membership: ClusterMembership) async throws {
        membership.resign()
        try await transaction { [self] connection in
            try await connection.execute("UPDATE luagram_leases SET expires_at = 0 WHERE node = \(membership.node)", logger: logger)
            try await connection.execute("DELETE FROM luagram_nodes WHERE id = \(membership.node)", logger: logger)
        }
    }

    /// The advisory lock renewals take: any fixed number, the same on every node, other than
    /// the migrations'.
    static let leaseLockKey: Int64 = 0x4C75_6167_7261_6D02
}
