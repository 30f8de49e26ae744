import Foundation
import LuagramDomain
import PostgresNIO

/// Leases: what competing nodes do to the inbox, so the part that must hold with several.
extension PostgresStore {
    /// One statement reads, plans and writes the claim: the first `limit` claimable rows
    /// are locked with `FOR UPDATE SKIP LOCKED` (rows another node is claiming are passed
    /// over, never waited for), and `InboxClaimPlan`'s rule picks among them in SQL: the
    /// first live row, and every live row with no tried row up to it; worn-out rows are
    /// quarantined. The quarantined rows' errors are then written in the same transaction,
    /// worded by `QuarantinedBody` from the attempts and the last error the statement read.
    ///
    /// A node of a cluster (`membership`) claims only in the partitions it holds, and not in
    /// one where another node still holds a claimed body: a partition that changed hands
    /// waits for its last owner's batch, so a contact's events never run on two nodes at once.
    public func claimInbox(limit: Int, now: Date, leaseUntil: Date, maxAttempts: Int) async throws -> InboxClaim {
        guard limit > 0 else { return InboxClaim() }
        let now = StoredTime.micros(now)
        let lease = StoredTime.micros(leaseUntil)
        let node = membership?.node
        let partitions = membership?.partitions
        if let partitions, partitions.isEmpty { return InboxClaim() }
        return try await transaction { [self] connection in
            let rows = try await connection.allRows(
                """
                WITH candidates AS MATERIALIZED (
                    SELECT id, attempts, error FROM inbox
                    WHERE state = 'pending' AND (leased_until IS NULL OR leased_until <= \(now))
                        AND (\(partitions)::bigint[] IS NULL OR partition = ANY(\(partitions)::bigint[]))
                        AND NOT EXISTS (
                            SELECT 1 FROM inbox AS held
                            WHERE held.state = 'pending' AND held.leased_until > \(now) AND held.partition = inbox.partition
                                AND held.leased_by IS DISTINCT FROM \(node))
                    ORDER BY id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                ), live AS (
                    SELECT id, row_number() OVER (ORDER BY id) AS position,
                        count(*) FILTER (WHERE attempts > 0) OVER (ORDER BY id) AS tried
                    FROM candidates WHERE attempts < \(maxAttempts)
                ), claimed AS (
                    UPDATE inbox SET leased_until = \(lease), leased_by = \(node), attempts = inbox.attempts + 1, error = NULL
                    FROM live WHERE inbox.id = live.id AND (live.position = 1 OR live.tried = 0)
                    RETURNING inbox.id, inbox.received_at, inbox.body, inbox.attempts, inbox.leased_until
                ), quarantined AS (
                    UPDATE inbox SET state = 'quarantined', leased_until = NULL, finished_at = \(now)
                    FROM candidates WHERE inbox.id = candidates.id AND candidates.attempts >= \(maxAttempts)
                    RETURNING inbox.id, inbox.received_at, inbox.attempts, candidates.error, octet_length(inbox.body) AS bytes
                )
                SELECT FALSE, id, received_at, body, attempts, leased_until, NULL::text, NULL::integer FROM claimed
                UNION ALL
                SELECT TRUE, id, received_at, NULL::bytea, attempts, NULL::bigint, error, bytes FROM quarantined
                """, logger: logger)
            var claim = InboxClaim()
            for row in rows {
                let (quarantined, id, receivedAt, body, attempts, leasedUntil, lastError, bytes) = try row.decode(
                    (Bool, Int64, Int64, Data?, Int, Int64?, String?, Int?).self)
                if quarantined {
                    let error =
                        if let lastError {
                            QuarantinedBody.failedError(attempts: attempts, last: lastError)
                        } else {
                            QuarantinedBody.stoppedError(attempts: attempts)
                        }
                    claim.quarantined.append(
                        QuarantinedBody(
                            id: id, receivedAt: StoredTime.date(receivedAt), attempts: attempts, error: error,
                            quarantinedAt: StoredTime.date(now) as Date, bytes: bytes ?? 0))
                } else {
                    claim.rows.append(
                        InboxRow(
                            id: id, receivedAt: StoredTime.date(receivedAt), body: body ?? Data(), attempts: attempts,
                            leasedUntil: StoredTime.date(leasedUntil)))
                }
            }
            claim.rows.sort { $0.id < $1.id }
            claim.quarantined.sort { $0.id < $1.id }
            if !claim.quarantined.isEmpty {
                try await connection.execute(
                    """
                    UPDATE inbox SET error = quarantine.error
                    FROM unnest(\(claim.quarantined.map(\.id))::bigint[], \(claim.quarantined.map(\.error))::text[])
                        AS quarantine (id, error)
                    WHERE inbox.id = quarantine.id
                    """, logger: logger)
            }
            return claim
        }
    }

    /// A node of a cluster hands back only bodies leased in its name: a release written late
    /// (the database failed, the lease ran out) must not undo another node's claim since.
    public func releaseInbox(_ ids: [InboxID], after error: any Error, at time: Date) async throws {
        guard !ids.isEmpty else { return }
        let node = membership?.node
        if Self.isStorageFailure(error) {
            try await transaction { [self] connection in
                try await connection.execute(
                    """
                    UPDATE inbox SET leased_until = NULL, attempts = greatest(attempts - 1, 0)
                    WHERE id = ANY(\(ids)) AND state = 'pending' AND (\(node)::text IS NULL OR leased_by = \(node))
                    """, logger: logger)
            }
        } else {
            let description = "\(error)"
            try await transaction { [self] connection in
                try await connection.execute(
                    """
                    UPDATE inbox SET leased_until = NULL, error = \(description)
                    WHERE id = ANY(\(ids)) AND state = 'pending' AND (\(node)::text IS NULL OR leased_by = \(node))
                    """, logger: logger)
            }
        }
    }

    /// A node of a cluster releases only what its own name leased (its previous process's
    /// claims); the other nodes' leases are theirs, and run out if their node is dead.
    public func releaseInboxLeases(at time: Date) async throws -> Int {
        let node = membership?.node
        return try await transaction { [self] connection in
            let rows = try await connection.allRows(
                """
                WITH released AS (
                    UPDATE inbox SET leased_until = NULL
                    WHERE state = 'pending' AND leased_until IS NOT NULL AND (\(node)::text IS NULL OR leased_by = \(node))
                    RETURNING 1
                )
                SELECT count(*) FROM released
                """, logger: logger)
            return try rows.first.map { try $0.decode(Int.self) } ?? 0
        }
    }
}
