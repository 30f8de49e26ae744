import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: OutboxStore {
    /// One UPDATE over the due rows it could lock: `FOR UPDATE SKIP LOCKED` passes over rows
    /// another node is claiming, so two nodes never take the same send and neither waits.
    /// No lease, as on SQLite: a row left `sending` by a crash may have reached Meta.
    public func claimDueOutbox(limit: Int, now: Date) async throws -> [OutboxRow] {
        guard limit > 0 else { return [] }
        let at = StoredTime.micros(now)
        return try await transaction { connection in
            let rows = try await connection.query(
                """
                UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = \(at)
                WHERE id IN (
                    SELECT id FROM outbox
                    WHERE state = 'pending' AND next_attempt_at <= \(at) AND due_at <= \(at)
                    ORDER BY next_attempt_at, seq LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, logger: logger
            ).rows()
            let claimed = try rows.map { (seq: try $0.int64("seq"), row: try OutboxRow(postgres: $0)) }
            return claimed.sorted { ($0.row.nextAttemptAt, $0.seq) < ($1.row.nextAttemptAt, $1.seq) }.map(\.row)
        }
    }

    public func requeueInterrupted(at time: Date, posted: Set<OutboxID>?) async throws -> Int {
        let now = StoredTime.micros(time)
        return try await transaction { connection in
            let rows = try await connection.query(
                "SELECT id, dry_run FROM outbox WHERE state = 'sending' FOR UPDATE", logger: logger
            ).rows()
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
        try await transaction { connection in
            for write in writes { try await OutboxWriting(connection: connection, logger: logger, now: now).apply(write) }
        }
    }

    public func outboxRow(_ id: OutboxID) async throws -> OutboxRow? {
        try await transaction { connection in
            try await connection.query("SELECT * FROM outbox WHERE id = \(id.rawValue)", logger: logger).rows().first
                .map(OutboxRow.init(postgres:))
        }
    }

    /// When the earliest pending row may next be tried; nil when none is pending. What a
    /// virtual clock jumps to.
    public func nextOutboxAttempt() async throws -> Date? {
        try await transaction { connection in
            try await connection.query(
                "SELECT next_attempt_at FROM outbox WHERE state = 'pending' ORDER BY next_attempt_at LIMIT 1", logger: logger
            ).rows().first.map { try $0.time("next_attempt_at") }
        }
    }

    public func outboxCounts() async throws -> [OutboxState: Int] {
        try await transaction { connection in
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
