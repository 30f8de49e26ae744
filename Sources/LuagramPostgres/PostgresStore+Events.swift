import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: EventStore {
    public func processedKeys(among keys: [EventKey]) async throws -> Set<EventKey> {
        let keys = Array(Set(keys))
        guard !keys.isEmpty else { return [] }
        // one statement, so no transaction around it
        let found = try await client.allRows(
            """
            SELECT p.account, p.kind, p.id
            FROM unnest(\(keys.map(\.account))::text[], \(keys.map(\.kind))::text[], \(keys.map(\.id))::text[])
                AS k(account, kind, id)
            JOIN processed_events AS p USING (account, kind, id)
            """, logger: logger)
        return try Set(
            found.map {
                let row = $0.makeRandomAccess()
                return EventKey(account: try row.string("account"), kind: try row.string("kind"), id: try row.string("id"))
            })
    }

    /// The whole batch in one round trip: `luagram_commit` (`PostgresMigrations.commit`)
    /// writes each outcome on the server as SQLiteStore does.
    ///
    /// Two nodes committing the same key: the second's insert of the key waits for the
    /// first's transaction and then finds the key, so exactly one commits. Two nodes writing
    /// the same contact: the version is read `FOR UPDATE`, so the second waits, then sees the
    /// version the first wrote and reports a conflict instead of losing the update.
    public func commit(_ outcomes: [EventOutcome]) async throws -> [CommitResult] {
        for outcome in outcomes { try outcome.validateForCommit() }
        guard !outcomes.isEmpty else { return [] }
        let batch = CommitBatch.json(outcomes)
        // one statement: atomic without a transaction around it, which would cost two more round trips
        let answers =
            try await client.allRows("SELECT luagram_commit(\(batch)::jsonb, \(Self.outboxChannel)) AS results", logger: logger)
            .first?.makeRandomAccess()["results"].decode([String].self) ?? []
        let results = answers.compactMap(Self.commitResult)
        guard results.count == outcomes.count else {
            throw PostgresStoreError.unexpectedAnswer("luagram_commit answered \(answers) for \(outcomes.count) outcomes")
        }
        return results
    }

    private static func commitResult(_ answer: String) -> CommitResult? {
        switch answer {
        case "committed": .committed
        case "duplicate": .duplicate
        case "conflict": .conflict
        default: nil
        }
    }

    /// The decisions logged for an event, in the order they were made (for inspection; the
    /// engine never reads them back).
    public func decisions(for key: EventKey) async throws -> [LoggedDecision] {
        try await transaction { [self] connection in
            try await connection.query(
                """
                SELECT * FROM decisions WHERE account = \(key.account) AND event_kind = \(key.kind) AND event_id = \(key.id)
                ORDER BY id
                """, logger: logger
            ).rows().map(LoggedDecision.init(postgres:))
        }
    }

    /// The outgoing messages of an outbox row, one per part of its plan, from `first` on.
    static func insertQueuedMessages(
        _ messages: [OutgoingMessage], from first: Int, outboxID: OutboxID, account: String, contact: String,
        origin: String, dryRun: Bool, decidedAt: Int64, at now: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let origin = PostgresBind.plain(origin)
        for (part, message) in messages.enumerated() where part >= first {
            try await connection.query(
                """
                INSERT INTO messages (account, contact, direction, text, attachments, quick_replies, origin, status,
                    dry_run, outbox_id, part, created_at, updated_at)
                VALUES (\(account), \(contact), 'out', \(PostgresBind.text(message.text)),
                    \(JSONText.serialize(.array(message.storedAttachments))),
                    \(JSONText.serialize(QuickReply.storedValue(message.quickReplies))), \(origin), 'queued', \(dryRun),
                    \(outboxID.rawValue), \(part), \(decidedAt), \(now))
                """, logger: logger)
        }
    }
}

extension LoggedDecision {
    init(postgres row: PostgresRandomAccessRow) throws {
        let intent = try row.json("intent", in: "decisions")
        let origin = try row.json("origin_detail", in: "decisions")
        let decision = try row.json("decision", in: "decisions")
        self.init(
            event: EventKey(account: try row.string("account"), kind: try row.string("event_kind"), id: try row.string("event_id")),
            contact: try row.string("contact"),
            record: DecisionRecord(
                intent: try StoredJSON.read("decisions", "intent") { () throws(StoredShapeError) in try Intent(storedValue: intent) },
                origin: try StoredJSON.read("decisions", "origin_detail") { () throws(StoredShapeError) in
                    try Origin(storedValue: origin)
                },
                decision: try StoredJSON.read("decisions", "decision") { () throws(StoredShapeError) in
                    try Decision(storedValue: decision)
                },
                outboxID: try row.optionalString("outbox_id").map(OutboxID.init(rawValue:))),
            decidedAt: try row.time("decided_at"))
    }
}
