import GRDB
import LuagramDomain

extension OutboxEntry {
    init(row: Row) throws {
        let payload = try row.json("payload", in: "outbox")
        let id = OutboxID(rawValue: try row.decode(forColumn: "id"))
        let account: String = try row.decode(forColumn: "account")
        let recipient: String = try row.decode(forColumn: "recipient")
        let decidedAt = try row.time("decided_at")
        let dueAt = try row.time("due_at")
        self = try readStored("outbox", "payload") { () throws(StoredShapeError) in
            try OutboxEntry(
                id: id, account: account, recipient: recipient, storedPayload: payload, decidedAt: decidedAt, dueAt: dueAt)
        }
    }
}

extension OutboxRow {
    init(row: Row) throws {
        self.init(
            entry: try OutboxEntry(row: row), state: try row.raw("state", in: "outbox"), attempts: try row.int("attempts"),
            nextAttemptAt: try row.time("next_attempt_at"), partsSent: try row.int("parts_sent"),
            dryRun: try row.bool("dry_run"), lastFailure: try row.sendFailure(),
            refusal: try row.optionalRaw("reason", in: "outbox"), updatedAt: try row.time("updated_at"),
            unconfirmedSince: try row.optionalTime("unconfirmed_since"))
    }
}
