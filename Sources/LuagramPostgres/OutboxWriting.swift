import Foundation
import LuagramDomain
import PostgresNIO

/// One sender's change to a claimed outbox row, in the caller's transaction: every state
/// transition as SQLiteStore's `apply` makes it. The row is locked while it is checked, so
/// the check holds until the transaction ends.
struct OutboxWriting {
    let connection: PostgresConnection
    let logger: Logger
    let now: Int64

    func apply(_ write: OutboxWrite) async throws {
        let id = write.id
        if case .privateReplySettled(_, let comment, let accepted) = write {
            try await settlePrivateReply(comment: comment, accepted: accepted)
            return
        }
        let partsSent = try await claimedPartsSent(id)
        switch write {
        case .replan(_, let plan):
            guard !plan.messages.isEmpty else { throw StoreError.invalidOutcome("outbox entry \(id): the plan has no message") }
            let row = try await claimedRow(id)
            guard row.partsSent == 0 else { throw StoreError.outboxEntryPartlySent(id) }
            let entry = row.entry.replanned(plan)
            try await connection.query(
                """
                UPDATE outbox SET payload = \(JSONText.serialize(entry.storedPayload)), parts = \(plan.messages.count),
                    updated_at = \(now)
                WHERE id = \(id.rawValue)
                """, logger: logger)
            try await connection.query(
                "DELETE FROM messages WHERE outbox_id = \(id.rawValue) AND status = 'queued'", logger: logger)
            try await PostgresStore.insertQueuedMessages(
                plan.messages, from: 0, outboxID: id, account: entry.account, contact: entry.recipient,
                origin: entry.origin.description, dryRun: row.dryRun, decidedAt: StoredTime.micros(entry.decidedAt), at: now,
                connection, logger)
        case .sent(_, let part, let messageID):
            try await markPart(id, partsSent: partsSent, part: part, messageID: messageID, status: .sent, last: .sent)
        case .dryRun(_, let part):
            try await markPart(id, partsSent: partsSent, part: part, messageID: nil, status: .dryRun, last: .dryRun)
        case .failed(_, let failure):
            try await finish(id, state: .failed, failure: failure, reason: nil)
        case .refused(_, let reason):
            try await finish(id, state: .refused, failure: nil, reason: reason)
        case .unconfirmed(_, let failure, let since, let nextAttemptAt):
            try await connection.query(
                """
                UPDATE outbox SET state = 'pending', next_attempt_at = \(StoredTime.micros(nextAttemptAt)),
                    error_code = \(failure.code.map(Int64.init)), error_subcode = \(failure.subcode.map(Int64.init)),
                    error_message = \(PostgresBind.plain(failure.message)), unconfirmed_since = \(StoredTime.micros(since)),
                    updated_at = \(now)
                WHERE id = \(id.rawValue)
                """, logger: logger)
        case .notDelivered:
            try await connection.query("UPDATE outbox SET unconfirmed_since = NULL WHERE id = \(id.rawValue)", logger: logger)
        case .privateReplySettled:
            break  // applied above: its row is no longer claimed
        case .retry(_, let failure, let nextAttemptAt, let attempted):
            let spent: Int64 = attempted ? 0 : 1
            try await connection.query(
                """
                UPDATE outbox SET state = 'pending', next_attempt_at = \(StoredTime.micros(nextAttemptAt)),
                    error_code = \(failure?.code.map(Int64.init)), error_subcode = \(failure?.subcode.map(Int64.init)),
                    error_message = \(PostgresBind.plain(failure?.message)), attempts = greatest(0, attempts - \(spent)),
                    updated_at = \(now)
                WHERE id = \(id.rawValue)
                """, logger: logger)
        }
    }

    /// Accepted: the reply is on record as sent. Not accepted: the comment's decision is
    /// forgotten (unless an earlier reply to it was accepted), so it may be answered again.
    private func settlePrivateReply(comment: String, accepted: Bool) async throws {
        if accepted {
            try await connection.query(
                """
                UPDATE comments SET private_reply_sent_at = coalesce(private_reply_sent_at, \(now)),
                    private_reply_at = coalesce(private_reply_at, \(now))
                WHERE id = \(comment)
                """, logger: logger)
        } else {
            try await connection.query(
                "UPDATE comments SET private_reply_at = NULL WHERE id = \(comment) AND private_reply_sent_at IS NULL",
                logger: logger)
        }
    }

    private func markPart(
        _ id: OutboxID, partsSent: Int, part: Int, messageID: String?, status: MessageStatus, last: OutboxState
    ) async throws {
        guard part == partsSent else { throw StoreError.outboxPartOutOfOrder(id, expected: partsSent, got: part) }
        try await connection.query(
            """
            UPDATE messages SET mid = \(messageID), status = \(status.rawValue), sent_at = \(now), updated_at = \(now)
            WHERE outbox_id = \(id.rawValue) AND part = \(part) AND status = 'queued'
            """, logger: logger)
        try await connection.query(
            """
            UPDATE outbox SET parts_sent = parts_sent + 1, unconfirmed_since = NULL,
                state = CASE WHEN parts_sent + 1 >= parts THEN \(last.rawValue) ELSE state END, updated_at = \(now)
            WHERE id = \(id.rawValue)
            """, logger: logger)
    }

    /// Ends a claimed row; its messages not yet sent end with it, carrying the error or the
    /// reason.
    private func finish(_ id: OutboxID, state: OutboxState, failure: SendFailure?, reason: ReasonCode?) async throws {
        let status: MessageStatus = state == .failed ? .failed : .refused
        let code = failure?.code.map(Int64.init)
        let subcode = failure?.subcode.map(Int64.init)
        let message = PostgresBind.plain(failure?.message)
        try await connection.query(
            """
            UPDATE outbox SET state = \(state.rawValue), error_code = coalesce(\(code), error_code),
                error_subcode = coalesce(\(subcode), error_subcode), error_message = coalesce(\(message), error_message),
                reason = \(reason?.rawValue), updated_at = \(now)
            WHERE id = \(id.rawValue)
            """, logger: logger)
        try await connection.query(
            """
            UPDATE messages SET status = \(status.rawValue), error_code = \(code), error_subcode = \(subcode),
                error_message = \(message), reason = \(reason?.rawValue), updated_at = \(now)
            WHERE outbox_id = \(id.rawValue) AND status = 'queued'
            """, logger: logger)
    }

    /// The row's progress; it must be `sending`: only its claimer may move it on.
    private func claimedPartsSent(_ id: OutboxID) async throws -> Int {
        guard
            let found = try await connection.query(
                "SELECT state, parts_sent FROM outbox WHERE id = \(id.rawValue) FOR UPDATE", logger: logger
            ).rows().first
        else { throw StoreError.unknownOutboxEntry(id) }
        let state: OutboxState = try found.raw("state", in: "outbox")
        guard state == .sending else { throw StoreError.outboxEntryNotSending(id, state) }
        return try found.int("parts_sent")
    }

    /// The whole row, which must be `sending`.
    private func claimedRow(_ id: OutboxID) async throws -> OutboxRow {
        guard let found = try await connection.query("SELECT * FROM outbox WHERE id = \(id.rawValue)", logger: logger).rows().first
        else { throw StoreError.unknownOutboxEntry(id) }
        let row = try OutboxRow(postgres: found)
        guard row.state == .sending else { throw StoreError.outboxEntryNotSending(id, row.state) }
        return row
    }
}
