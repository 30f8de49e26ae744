import Foundation
import LuagramDomain
import PostgresNIO

/// A send round's changes to claimed outbox rows, in the caller's transaction: every state
/// transition as SQLiteStore's `apply` makes it. Runs of writes go to `luagram_apply`
/// (`PostgresMigrations.apply`) in one round trip each; a replan, which rewrites the row's
/// payload, is made here. Rows are locked while they are checked, so the checks hold until
/// the transaction ends.
struct OutboxWriting {
    let connection: PostgresConnection
    let logger: Logger
    let now: Int64

    /// In order; the first write that may not be made throws, and the caller's transaction
    /// rolls back the others.
    func apply(_ writes: [OutboxWrite]) async throws {
        var run: [Value] = []
        for write in writes {
            if case .replan(let id, let plan) = write {
                try await applyRun(run)
                run = []
                try await replan(id, plan)
            } else {
                run.append(Self.encoded(write))
            }
        }
        try await applyRun(run)
    }

    private func applyRun(_ run: [Value]) async throws {
        guard !run.isEmpty else { return }
        let problem = try await connection.query(
            "SELECT luagram_apply(\(JSONText.serialize(.array(run)))::jsonb, \(now))::text AS problem", logger: logger
        ).rows().first?.optionalString("problem")
        guard let problem else { return }
        throw Self.refusal(problem)
    }

    private func replan(_ id: OutboxID, _ plan: SendPlan) async throws {
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
        try await connection.query("DELETE FROM messages WHERE outbox_id = \(id.rawValue) AND status = 'queued'", logger: logger)
        try await PostgresStore.insertQueuedMessages(
            plan.messages, from: 0, outboxID: id, account: entry.account, contact: entry.recipient,
            origin: entry.origin.description, dryRun: row.dryRun, decidedAt: StoredTime.micros(entry.decidedAt), at: now,
            connection, logger)
    }

    /// A write as `luagram_apply` reads it: times in microseconds, free text cut at a NUL.
    static func encoded(_ write: OutboxWrite) -> Value {
        var fields: [String: Value] = ["id": .string(write.id.rawValue)]
        func failure(_ failure: SendFailure?) {
            fields["error_code"] = failure?.code.map { .int(Int64($0)) } ?? .null
            fields["error_subcode"] = failure?.subcode.map { .int(Int64($0)) } ?? .null
            fields["error_message"] = PostgresBind.plain(failure?.message).map(Value.string) ?? .null
        }
        switch write {
        case .replan:
            preconditionFailure("a replan is made by OutboxWriting itself")
        case .sent(_, let part, let messageID):
            fields["kind"] = .string(OutboxState.sent.rawValue)
            fields["part"] = .int(Int64(part))
            fields["mid"] = .string(messageID)
        case .dryRun(_, let part):
            fields["kind"] = .string(OutboxState.dryRun.rawValue)
            fields["part"] = .int(Int64(part))
        case .failed(_, let sendFailure):
            fields["kind"] = .string(OutboxState.failed.rawValue)
            failure(sendFailure)
        case .refused(_, let reason):
            fields["kind"] = .string(OutboxState.refused.rawValue)
            fields["reason"] = .string(reason.rawValue)
        case .unconfirmed(_, let sendFailure, let since, let nextAttemptAt):
            fields["kind"] = "unconfirmed"
            failure(sendFailure)
            fields["since"] = .int(StoredTime.micros(since))
            fields["next_attempt_at"] = .int(StoredTime.micros(nextAttemptAt))
        case .notDelivered:
            fields["kind"] = "not_delivered"
        case .retry(_, let sendFailure, let nextAttemptAt, let attempted):
            fields["kind"] = "retry"
            failure(sendFailure)
            fields["next_attempt_at"] = .int(StoredTime.micros(nextAttemptAt))
            fields["attempted"] = .bool(attempted)
        case .privateReplySettled(_, let comment, let accepted):
            fields["kind"] = "private_reply_settled"
            fields["comment"] = .string(comment)
            fields["accepted"] = .bool(accepted)
        }
        return .object(fields)
    }

    /// What `luagram_apply` found wrong, as the error SQLiteStore throws for it.
    static func refusal(_ problem: String) -> any Error {
        let value = try? JSONText.parse(Array(problem.utf8))
        let id = OutboxID(rawValue: value?["id"]?.stringValue ?? "")
        switch value?["problem"]?.stringValue {
        case "unknown":
            return StoreError.unknownOutboxEntry(id)
        case "not_sending":
            if let state = value?["state"]?.stringValue.flatMap(OutboxState.init(rawValue:)) {
                return StoreError.outboxEntryNotSending(id, state)
            }
        case "out_of_order":
            if case .int(let expected) = value?["expected"], case .int(let got) = value?["got"] {
                return StoreError.outboxPartOutOfOrder(id, expected: Int(expected), got: Int(got))
            }
        default:
            break
        }
        return PostgresStoreError.unexpectedAnswer("luagram_apply answered \(problem)")
    }

    /// The whole row, which must be `sending`; locked until the transaction ends.
    private func claimedRow(_ id: OutboxID) async throws -> OutboxRow {
        guard
            let found = try await connection.query("SELECT * FROM outbox WHERE id = \(id.rawValue) FOR UPDATE", logger: logger)
                .rows().first
        else { throw StoreError.unknownOutboxEntry(id) }
        let row = try OutboxRow(postgres: found)
        guard row.state == .sending else { throw StoreError.outboxEntryNotSending(id, row.state) }
        return row
    }
}
