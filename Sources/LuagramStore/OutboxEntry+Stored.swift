import GRDB
import LuagramDomain

extension OutboxEntry {
    /// The `payload` column: what the sender needs beyond the row's own columns.
    var storedPayload: Value {
        var m: [String: Value] = [
            "intent": intent.storedValue,
            "origin": origin.storedValue,
            "event": ["kind": .string(event.kind.rawValue), "id": .string(event.id), "time": .int(Timestamp.micros(event.time))],
        ]
        if let plan { m["plan"] = plan.storedValue }
        return .object(m)
    }

    init(row: Row) throws {
        let payload = try row.json("payload", in: "outbox")
        let parsed = try readStored("outbox", "payload") { () throws(StoredShapeError) in
            let s = try StoredShape(payload, "payload")
            let event = try StoredShape(try s.value("event"), "event")
            return (
                intent: try Intent(storedValue: try s.value("intent")),
                origin: try Origin(storedValue: try s.value("origin")),
                plan: s.has("plan") ? try SendPlan(storedValue: try s.value("plan")) : nil,
                event: EventReference(
                    kind: try event.raw("kind", as: EventKind.self), id: try event.string("id"),
                    time: Timestamp.date(try event.int("time")))
            )
        }
        self.init(
            id: OutboxID(rawValue: try row.decode(forColumn: "id")), account: try row.decode(forColumn: "account"),
            recipient: try row.decode(forColumn: "recipient"), intent: parsed.intent, origin: parsed.origin,
            plan: parsed.plan, event: parsed.event, decidedAt: try row.time("decided_at"), dueAt: try row.time("due_at"))
    }

    /// The same entry with another plan, as the `payload` column stores it.
    func replanned(_ plan: SendPlan) -> OutboxEntry {
        var copy = self
        copy.plan = plan
        return copy
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
