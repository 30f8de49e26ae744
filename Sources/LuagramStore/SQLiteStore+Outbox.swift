import Foundation
import GRDB
import LuagramDomain

extension SQLiteStore: OutboxStore {
    /// Claimed like the inbox (one UPDATE … RETURNING on the single writer), but with no
    /// lease: a row left `sending` by a crash may have reached Meta, and sending it again
    /// could send twice.
    public func claimDueOutbox(limit: Int, now: Date) async throws -> [OutboxRow] {
        guard limit > 0 else { return [] }
        return try await writer.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = :now
                    WHERE id IN (
                        SELECT id FROM outbox
                        WHERE state = 'pending' AND next_attempt_at <= :now AND due_at <= :now
                        ORDER BY next_attempt_at, rowid LIMIT :limit)
                    RETURNING rowid AS seq, *
                    """,
                arguments: ["now": Timestamp.micros(now), "limit": limit])
            let claimed = try rows.map { (seq: try $0.decode(Int64.self, forColumn: "seq"), row: try OutboxRow(row: $0)) }
            // in the order they were meant to go (due time, then decision): a row tried again
            // after a transient failure still goes before a later row to the same contact
            // claimed in the same round, which its next attempt time would put first
            return claimed.sorted { ($0.row.entry.dueAt, $0.seq) < ($1.row.entry.dueAt, $1.seq) }.map(\.row)
        }
    }

    public func requeueInterrupted(at time: Date, posted: Set<OutboxID>?) async throws -> Int {
        try await writer.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, dry_run FROM outbox WHERE state = 'sending'")
            // The claim set updated_at, and a try comes after its claim.
            let unconfirmed = try db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = 'pending', next_attempt_at = max(due_at, :now), updated_at = :now,
                        unconfirmed_since = coalesce(unconfirmed_since, updated_at)
                    WHERE id = :id
                    """)
            // Never posted: as it was before the claim (an earlier try may still be unconfirmed).
            let untouched = try db.cachedStatement(
                sql: "UPDATE outbox SET state = 'pending', next_attempt_at = max(due_at, :now), updated_at = :now WHERE id = :id")
            for row in rows {
                let id = OutboxID(rawValue: try row.decode(forColumn: "id"))
                let mayHaveGone = try !row.bool("dry_run") && posted.map { $0.contains(id) } ?? true
                try (mayHaveGone ? unconfirmed : untouched).execute(arguments: ["now": Timestamp.micros(time), "id": id.rawValue])
            }
            return rows.count
        }
    }

    public func apply(_ writes: [OutboxWrite], at time: Date) async throws {
        guard !writes.isEmpty else { return }
        try await writer.write { db in
            let now = Timestamp.micros(time)
            for write in writes { try Self.apply(write, at: now, db) }
        }
    }

    private static func apply(_ write: OutboxWrite, at now: Int64, _ db: Database) throws {
        let id = write.id
        if case .privateReplySettled(_, let comment, let accepted) = write {
            try settlePrivateReply(comment: comment, accepted: accepted, at: now, db)
            return
        }
        let claim = try claimed(id, db)
        switch write {
        case .replan(_, let plan):
            guard !plan.messages.isEmpty else { throw StoreError.invalidOutcome("outbox entry \(id): the plan has no message") }
            let row = try claimedRow(id, db)
            guard row.partsSent == 0 else { throw StoreError.outboxEntryPartlySent(id) }
            let entry = row.entry.replanned(plan)
            try db.executeCached(
                sql: "UPDATE outbox SET payload = ?, parts = ?, updated_at = ? WHERE id = ?",
                arguments: [JSONText.serialize(entry.storedPayload), plan.messages.count, now, id.rawValue])
            try db.executeCached(sql: "DELETE FROM messages WHERE outbox_id = ? AND status = 'queued'", arguments: [id.rawValue])
            try insertQueuedMessages(
                plan.messages, from: 0, outboxID: id, account: entry.account, contact: entry.recipient,
                origin: entry.origin.description, dryRun: row.dryRun, decidedAt: Timestamp.micros(entry.decidedAt),
                at: now, db)
        case .sent(_, let part, let messageID):
            try markPart(id, claim, part: part, messageID: messageID, status: .sent, last: .sent, at: now, db)
        case .dryRun(_, let part):
            try markPart(id, claim, part: part, messageID: nil, status: .dryRun, last: .dryRun, at: now, db)
        case .failed(_, let failure):
            try finish(id, state: .failed, failure: failure, reason: nil, at: now, db)
        case .refused(_, let reason):
            try finish(id, state: .refused, failure: nil, reason: reason, at: now, db)
        case .unconfirmed(_, let failure, let since, let nextAttemptAt):
            try db.executeCached(
                sql: """
                    UPDATE outbox SET state = 'pending', next_attempt_at = ?, error_code = ?, error_subcode = ?,
                        error_message = ?, unconfirmed_since = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    Timestamp.micros(nextAttemptAt), failure.code, failure.subcode, failure.message, Timestamp.micros(since), now,
                    id.rawValue,
                ])
        case .notDelivered:
            try db.executeCached(sql: "UPDATE outbox SET unconfirmed_since = NULL WHERE id = ?", arguments: [id.rawValue])
        case .privateReplySettled:
            break  // applied above: its row is no longer claimed
        case .retry(_, let failure, let nextAttemptAt, let attempted):
            try db.executeCached(
                sql: """
                    UPDATE outbox SET state = 'pending', next_attempt_at = ?, error_code = ?, error_subcode = ?,
                        error_message = ?, attempts = max(0, attempts - ?), updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [
                    Timestamp.micros(nextAttemptAt), failure?.code, failure?.subcode, failure?.message, attempted ? 0 : 1, now,
                    id.rawValue,
                ])
        }
    }

    /// Accepted: the reply is on record as sent. Not accepted: the comment's decision is
    /// forgotten (unless an earlier reply to it was accepted), so it awaits nothing and
    /// may be answered again.
    private static func settlePrivateReply(comment: String, accepted: Bool, at now: Int64, _ db: Database) throws {
        if accepted {
            try db.executeCached(
                sql: """
                    UPDATE comments SET private_reply_sent_at = coalesce(private_reply_sent_at, :now),
                        private_reply_at = coalesce(private_reply_at, :now)
                    WHERE id = :id
                    """,
                arguments: ["now": now, "id": comment])
        } else {
            try db.executeCached(
                sql: "UPDATE comments SET private_reply_at = NULL WHERE id = ? AND private_reply_sent_at IS NULL",
                arguments: [comment])
        }
    }

    private static func markPart(
        _ id: OutboxID, _ claim: Claimed, part: Int, messageID: String?, status: MessageStatus, last: OutboxState,
        at now: Int64, _ db: Database
    ) throws {
        guard part == claim.partsSent else { throw StoreError.outboxPartOutOfOrder(id, expected: claim.partsSent, got: part) }
        try db.executeCached(
            sql: """
                UPDATE messages SET mid = ?, status = ?, sent_at = ?, updated_at = ?
                WHERE outbox_id = ? AND part = ? AND status = 'queued'
                """,
            arguments: [messageID, status.rawValue, now, now, id.rawValue, part])
        try db.executeCached(
            sql: """
                UPDATE outbox SET parts_sent = parts_sent + 1, unconfirmed_since = NULL,
                    state = CASE WHEN parts_sent + 1 >= parts THEN ? ELSE state END, updated_at = ?
                WHERE id = ?
                """,
            arguments: [last.rawValue, now, id.rawValue])
    }

    public func outboxRow(_ id: OutboxID) async throws -> OutboxRow? {
        try await writer.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM outbox WHERE id = ?"), arguments: [id.rawValue]).map(OutboxRow.init(row:))
        }
    }

    /// When the earliest pending row may next be tried; nil when none is pending. What a
    /// virtual clock jumps to.
    public func nextOutboxAttempt() async throws -> Date? {
        try await writer.read { db in
            // next_attempt_at is never before due_at (rows enter with the two equal and only
            // move later), so the partial index answers this without reading the rows: a
            // burst leaves tens of thousands pending.
            try Int64.fetchOne(
                db, sql: "SELECT next_attempt_at FROM outbox WHERE state = 'pending' ORDER BY next_attempt_at LIMIT 1")
                .map { Timestamp.date($0) }
        }
    }

    public func outboxCounts() async throws -> [OutboxState: Int] {
        try await writer.read { db in
            var counts: [OutboxState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM outbox GROUP BY state") {
                counts[try row.raw("state", in: "outbox")] = try row.int("n")
            }
            return counts
        }
    }

    /// Ends a claimed row; its messages not yet sent end with it, carrying the error or
    /// the reason.
    private static func finish(
        _ id: OutboxID, state: OutboxState, failure: SendFailure?, reason: ReasonCode?, at now: Int64, _ db: Database
    ) throws {
        let messageStatus: MessageStatus = state == .failed ? .failed : .refused
        let arguments: StatementArguments = [
            "state": state.rawValue, "status": messageStatus.rawValue, "code": failure?.code,
            "subcode": failure?.subcode, "message": failure?.message, "reason": reason?.rawValue, "now": now,
            "id": id.rawValue,
        ]
        try db.executeCached(
            sql: """
                UPDATE outbox SET state = :state, error_code = coalesce(:code, error_code),
                    error_subcode = coalesce(:subcode, error_subcode), error_message = coalesce(:message, error_message),
                    reason = :reason, updated_at = :now
                WHERE id = :id
                """,
            arguments: arguments)
        try db.executeCached(
            sql: """
                UPDATE messages SET status = :status, error_code = :code, error_subcode = :subcode,
                    error_message = :message, reason = :reason, updated_at = :now
                WHERE outbox_id = :id AND status = 'queued'
                """,
            arguments: arguments)
    }

    /// What a result needs of a claimed row: a round writes one per message, and decoding
    /// the whole row (its JSON payload) for each cost more than the writes.
    private struct Claimed {
        var partsSent: Int
    }

    /// The row's progress; it must be `sending`: only its claimer may move it on.
    private static func claimed(_ id: OutboxID, _ db: Database) throws -> Claimed {
        let select = try db.cachedStatement(sql: "SELECT state, parts_sent FROM outbox WHERE id = ?")
        guard let found = try Row.fetchOne(select, arguments: [id.rawValue]) else {
            throw StoreError.unknownOutboxEntry(id)
        }
        let state: OutboxState = try found.raw("state", in: "outbox")
        guard state == .sending else { throw StoreError.outboxEntryNotSending(id, state) }
        return Claimed(partsSent: try found.int("parts_sent"))
    }

    /// The whole row, which must be `sending`.
    private static func claimedRow(_ id: OutboxID, _ db: Database) throws -> OutboxRow {
        guard let found = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM outbox WHERE id = ?"), arguments: [id.rawValue]) else {
            throw StoreError.unknownOutboxEntry(id)
        }
        let row = try OutboxRow(row: found)
        guard row.state == .sending else { throw StoreError.outboxEntryNotSending(id, row.state) }
        return row
    }
}
