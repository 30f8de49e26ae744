import Foundation

/// How the stores keep an outbox entry: its own columns, and the `payload` JSON column with
/// what the sender needs beyond them.
extension OutboxEntry {
    /// The `payload` column.
    public var storedPayload: Value {
        var m: [String: Value] = [
            "intent": intent.storedValue,
            "origin": origin.storedValue,
            "event": ["kind": .string(event.kind.rawValue), "id": .string(event.id), "time": .int(StoredTime.micros(event.time))],
        ]
        if let plan { m["plan"] = plan.storedValue }
        return .object(m)
    }

    /// An entry read back from its columns and its `payload`.
    public init(
        id: OutboxID, account: String, recipient: String, storedPayload payload: Value, decidedAt: Date, dueAt: Date
    ) throws(StoredShapeError) {
        let s = try StoredShape(payload, "payload")
        let event = try StoredShape(try s.value("event"), "event")
        self.init(
            id: id, account: account, recipient: recipient, intent: try Intent(storedValue: try s.value("intent")),
            origin: try Origin(storedValue: try s.value("origin")),
            plan: s.has("plan") ? try SendPlan(storedValue: try s.value("plan")) : nil,
            event: EventReference(
                kind: try event.raw("kind", as: EventKind.self), id: try event.string("id"),
                time: StoredTime.date(try event.int("time"))),
            decidedAt: decidedAt, dueAt: dueAt)
    }

    /// The same entry with another plan, as the `payload` column stores it.
    public func replanned(_ plan: SendPlan) -> OutboxEntry {
        var copy = self
        copy.plan = plan
        return copy
    }
}
