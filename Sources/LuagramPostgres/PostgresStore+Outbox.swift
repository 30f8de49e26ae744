import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: OutboxStore {
    /// One UPDATE over the due rows it could lock: `FOR UPDATE SKIP LOCKED` passes over rows
    /// another node is claiming, so two nodes never take the same send and neither waits.
    /// No lease, as on SQLite: a row left `sending` by a crash may have reached Meta.
    /// A node of a cluster (`membership`) claims only for the accounts of the sending slots
    /// it holds, so one node at a time sends for an account; and nothing for a contact with a
    /// send still in flight on another node (one that held the slot before and is still
    /// finishing its round, its lease run out during an outage): the contact's later reply
    /// would overtake it.
    public func claimDueOutbox(limit: Int, now: Date) async throws -> [OutboxRow] {
        guard limit > 0 else { return [] }
        let at = StoredTime.micros(now)
        let node = membership?.node
        let slots = membership?.sendSlots
        if let slots, slots.isEmpty { return [] }
        return try await transaction { [self] connection in
            let rows = try await connection.query(
                """
                UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = \(at), claimed_by = \(node)
                WHERE id IN (
                    SELECT id FROM outbox AS due
                    WHERE state = 'pending' AND next_attempt_at <= \(at) AND due_at <= \(at)
                        AND (\(slots)::bigint[] IS NULL OR send_slot = ANY(\(slots)::bigint[]))
                        AND NOT EXISTS (
                            SELECT 1 FROM outbox AS busy
                            WHERE busy.state = 'sending' AND busy.account = due.account AND busy.recipient = due.recipient
                                AND busy.claimed_by IS DISTINCT FROM \(node)::text)
                    ORDER BY next_attempt_at, seq LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, logger: logger
            ).rows()
            let claimed = try rows.map { (seq: try $0.int64("seq"), row: try OutboxRow(postgres: $0)) }
            // in the order they were meant to go (due time, then decision): a row tried again
            // after a transient failure still goes before a later row to the same contact
            // claimed in the same round, which its next attempt time would put first
            return claimed.sorted { ($0.row.entry.dueAt, $0.seq) < ($1.row.entry.dueAt, $1.seq) }.map(\.row)
        }
    }

    /// A node of a cluster requeues only what its own name claimed (its previous process's
    /// sends, which its journal knows); see `requeueAbandonedSends` for a dead node's.
    public func requeueInterrupted(at time: Date, posted: Set<OutboxID>?) async throws -> Int {
        let node = membership?.node
        return try await requeueSending(
            "SELECT id, dry_run FROM outbox WHERE state = 'sending' AND (\(node)::text IS NULL OR claimed_by = \(node)) FOR UPDATE",
            at: time, posted: posted)
    }

    /// Sends left half done by nodes that are gone (no renewal within a lease time), in the
    /// sending slots this node holds: with no journal of theirs to tell, each may have
    /// reached Meta, so each is looked up in the conversation before another try. A live
    /// node's sends are its own to finish, even in a slot it has given up.
    public func requeueAbandonedSends(at time: Date) async throws -> Int {
        guard let membership else { return 0 }
        let slots = membership.sendSlots
        guard !slots.isEmpty else { return 0 }
        let leaseMicros = Int64(membership.leaseTime.components.seconds) * 1_000_000
        return try await requeueSending(
            """
            SELECT id, dry_run FROM outbox
            WHERE state = 'sending' AND send_slot = ANY(\(slots)::bigint[]) AND claimed_by IS DISTINCT FROM \(membership.node)
                AND claimed_by NOT IN (
                    SELECT id FROM luagram_nodes
                    WHERE seen_at > (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT - \(leaseMicros))
            FOR UPDATE SKIP LOCKED
            """, at: time, posted: nil)
    }

    private func requeueSending(_ select: PostgresQuery, at time: Date, posted: Set<OutboxID>?) async throws -> Int {
        let now = StoredTime.micros(time)
        return try await transaction { [self] connection in
            let rows = try await connection.query(select, logger: logger).rows()
            for row in rows {
                let id = OutboxID(rawValue: try row.string("id"))
                let mayHaveGone = try !row.bool("dry_run") && posted.map { $0.contains(id) } ?? true
                if mayHaveGone {
                    // The claim set updated_at, and a try comes after its claim.
                    try await connection.query(
                        """
                        UPDATE outbox SET state = 'pending', next_attempt_at = greatest(due_at, \(now)), updated_at = \(now),
                            unconfirmed_since = coalesce(unconfirmed_since, updated_at)
                        WHERE id = \(id.rawValue)
                        """, logger: logger)
                } else {
                    // Never posted: as it was before the claim (an earlier try may still be unconfirmed).
                    try await connection.query(
                        """
                        UPDATE outbox SET state = 'pending', next_attempt_at = greatest(due_at, \(now)), updated_at = \(now)
                        WHERE id = \(id.rawValue)
                        """, logger: logger)
                }
            }
            return rows.count
        }
    }

    public func apply(_ writes: [OutboxWrite], at time: Date) async throws {
        guard !writes.isEmpty else { return }
        let now = StoredTime.micros(time)
        try await transaction { [self] connection in
            try await OutboxWriting(connection: connection, logger: logger, now: now).apply(writes)
        }
    }

    public func outboxRow(_ id: OutboxID) async throws -> OutboxRow? {
        try await transaction { [self] connection in
            try await connection.query("SELECT * FROM outbox WHERE id = \(id.rawValue)", logger: logger).rows().first
                .map(OutboxRow.init(postgres:))
        }
    }

    /// When the earliest pending row may next be tried; nil when none is pending. What a
    /// virtual clock jumps to.
    public func nextOutboxAttempt() async throws -> Date? {
        try await transaction { [self] connection in
            try await connection.query(
                "SELECT next_attempt_at FROM outbox WHERE state = 'pending' ORDER BY next_attempt_at LIMIT 1", logger: logger
            ).rows().first.map { try $0.time("next_attempt_at") }
        }
    }

    public func outboxCounts() async throws -> [OutboxState: Int] {
        try await transaction { [self] connection in
            var counts: [OutboxState: Int] = [:]
            for row in try await connection.query("SELECT state, count(*) AS n FROM outbox GROUP BY state", logger: logger).rows() {
                counts[try row.raw("state", in: "outbox")] = try row.int("n")
            }
            return counts
        }
    }
}

extension OutboxRow {
    init(postgres row: PostgresRandomAccessRow) throws {
        let payload = try row.json("payload", in: "outbox")
        let id = OutboxID(rawValue: try row.string("id"))
        let account = try row.string("account")
        let recipient = try row.string("recipient")
        let decidedAt = try row.time("decided_at")
        let dueAt = try row.time("due_at")
        let entry = try StoredJSON.read("outbox", "payload") { () throws(StoredShapeError) in
            try OutboxEntry(id: id, account: account, recipient: recipient, storedPayload: payload, decidedAt: decidedAt, dueAt: dueAt)
        }
        self.init(
            entry: entry, state: try row.raw("state", in: "outbox"), attempts: try row.int("attempts"),
            nextAttemptAt: try row.time("next_attempt_at"), partsSent: try row.int("parts_sent"), dryRun: try row.bool("dry_run"),
            lastFailure: try row.sendFailure(), refusal: try row.optionalRaw("reason", in: "outbox"),
            updatedAt: try row.time("updated_at"), unconfirmedSince: try row.optionalTime("unconfirmed_since"))
    }
}
