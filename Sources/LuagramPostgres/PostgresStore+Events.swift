import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: EventStore {
    public func processedKeys(among keys: [EventKey]) async throws -> Set<EventKey> {
        guard !keys.isEmpty else { return [] }
        return try await transaction { [self] connection in
            var found: Set<EventKey> = []
            for key in Set(keys) where try await Self.isProcessed(key, connection, logger) { found.insert(key) }
            return found
        }
    }

    /// Each outcome runs under a savepoint of its own: a conflict found only once another
    /// node's insert of the same new contact is visible undoes that outcome alone, and the
    /// others go on in the same transaction, as on SQLite.
    ///
    /// Two nodes committing the same key: the second's insert of the key waits for the
    /// first's transaction and then finds the key, so exactly one commits. Two nodes writing
    /// the same contact: the version is read `FOR UPDATE`, so the second waits, then sees the
    /// version the first wrote and reports a conflict instead of losing the update.
    public func commit(_ outcomes: [EventOutcome]) async throws -> [CommitResult] {
        for outcome in outcomes { try outcome.validateForCommit() }
        return try await transaction { [self] connection in
            var results: [CommitResult] = []
            for outcome in outcomes {
                try await connection.query("SAVEPOINT outcome", logger: logger)
                let result = try await Self.write(outcome, connection, logger)
                if result != .committed {
                    try await connection.query("ROLLBACK TO SAVEPOINT outcome", logger: logger)
                }
                try await connection.query("RELEASE SAVEPOINT outcome", logger: logger)
                results.append(result)
            }
            if zip(outcomes, results).contains(where: { $1 == .committed && !$0.outbox.isEmpty }) {
                try await announceOutbox(connection)
            }
            return results
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

    static func isProcessed(_ key: EventKey, _ connection: PostgresConnection, _ logger: Logger) async throws -> Bool {
        try await connection.query(
            "SELECT 1 FROM processed_events WHERE account = \(key.account) AND kind = \(key.kind) AND id = \(key.id)",
            logger: logger
        ).count() > 0
    }

    /// The whole outcome, under the caller's savepoint; anything but `.committed` is rolled
    /// back to it by the caller. An error rolls back the whole transaction.
    private static func write(_ outcome: EventOutcome, _ connection: PostgresConnection, _ logger: Logger) async throws
        -> CommitResult
    {
        let key = outcome.key
        let now = StoredTime.micros(outcome.processedAt)
        let state = outcome.contact
        // Checked before anything is written, with the contact's row locked until the end.
        let stored = try await connection.query(
            "SELECT version FROM contacts WHERE account = \(state.account) AND id = \(state.contact.id) FOR UPDATE",
            logger: logger
        ).rows().first.map { try $0.int64("version") }
        if let basedOn = outcome.basedOn, (stored ?? 0) != basedOn {
            return try await isProcessed(key, connection, logger) ? .duplicate : .conflict
        }
        let inserted = try await connection.query(
            """
            INSERT INTO processed_events (account, kind, id, processed_at) VALUES (\(key.account), \(key.kind), \(key.id), \(now))
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger
        ).count()
        guard inserted > 0 else { return .duplicate }

        try await connection.query(
            "INSERT INTO accounts (id, first_seen_at) VALUES (\(state.account), \(now)) ON CONFLICT DO NOTHING", logger: logger)
        // A contact new when read may have been stored by another node since: the insert
        // waited for it, and the outcome, based on nothing, is a conflict.
        guard try await writeContact(state, isNew: outcome.basedOn != nil && stored == nil, at: now, connection, logger) else {
            return .conflict
        }
        if let inbound = outcome.inbound {
            try await writeInbound(inbound, contact: state, at: now, connection, logger)
        }
        try await writePrivateReplies(state, decidedSince: outcome.processedAt, connection, logger)
        for entry in outcome.outbox {
            try await insertOutbox(entry, dryRun: outcome.dryRun, at: now, connection, logger)
        }
        for record in outcome.decisions {
            try await logDecision(record, outcome: outcome, at: now, connection, logger)
        }
        return .committed
    }

    /// False when `isNew` and the contact exists after all.
    private static func writeContact(
        _ state: ContactState, isNew: Bool, at now: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws -> Bool {
        let contact = state.contact
        let handoff = state.conversation.handoff
        let lastInbound = StoredTime.micros(state.conversation.lastUserMessageAt)
        let tags = JSONText.serialize(.array(contact.tags.map(Value.string)))
        let data = JSONText.serialize(.object(contact.values))
        let username = PostgresBind.plain(contact.username)
        let name = PostgresBind.plain(contact.name)
        let handoffStarted = StoredTime.micros(handoff?.startedAt)
        let handoffReason = PostgresBind.plain(handoff?.reason)
        let handoffAgent = StoredTime.micros(handoff?.lastAgentMessageAt)
        let handoffReleased = StoredTime.micros(handoff?.releasedAt)
        // Who holds the thread is written only once something said so; until then the
        // columns stay as they are (NULL for a new contact): `thread_control_at` is set
        // exactly when something said.
        let thread = state.conversation.threadControl
        let standby = thread?.inStandby
        let threadAt = StoredTime.micros(thread?.since)
        // A missing username or name keeps the stored one: most webhooks carry neither.
        // The window never moves backwards: events may be handled out of order.
        let onConflict =
            isNew
            ? "DO NOTHING"
            : """
            DO UPDATE SET
                username = coalesce(excluded.username, contacts.username), name = coalesce(excluded.name, contacts.name),
                last_inbound_at = greatest(contacts.last_inbound_at, excluded.last_inbound_at),
                tags = excluded.tags, data = excluded.data, handoff_started_at = excluded.handoff_started_at,
                handoff_reason = excluded.handoff_reason, handoff_agent_at = excluded.handoff_agent_at,
                handoff_released_at = excluded.handoff_released_at,
                thread_standby = CASE WHEN excluded.thread_control_at IS NULL THEN contacts.thread_standby
                    ELSE excluded.thread_standby END,
                thread_control_at = coalesce(excluded.thread_control_at, contacts.thread_control_at),
                version = contacts.version + 1, updated_at = excluded.updated_at
            """
        let written = try await connection.query(
            """
            INSERT INTO contacts (account, id, username, name, last_inbound_at, tags, data, handoff_started_at,
                handoff_reason, handoff_agent_at, handoff_released_at, thread_standby, thread_control_at,
                version, created_at, updated_at)
            VALUES (\(state.account), \(contact.id), \(username), \(name), \(lastInbound), \(tags), \(data), \(handoffStarted),
                \(handoffReason), \(handoffAgent), \(handoffReleased), \(standby), \(threadAt), 1, \(now), \(now))
            ON CONFLICT (account, id) \(unescaped: onConflict) RETURNING 1
            """, logger: logger
        ).count()
        // `write` checked the version the outcome was based on, with the row locked.
        return written > 0
    }

    private static func writeInbound(
        _ inbound: InboundRecord, contact: ContactState, at now: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let account = contact.account
        let id = contact.contact.id
        switch inbound {
        case .message(let mid, let text, let attachments, let time):
            try await connection.query(
                """
                INSERT INTO messages (account, contact, direction, mid, text, attachments, status, created_at, updated_at)
                VALUES (\(account), \(id), 'in', \(mid), \(PostgresBind.text(text)), \(JSONText.serialize(.array(attachments))),
                    'received', \(StoredTime.micros(time)), \(now))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        case .comment(let commentID, let mediaID, let text, let time):
            // The row may exist already, made by a private reply recorded before.
            try await connection.query(
                """
                INSERT INTO comments (id, account, contact, media_id, text, commented_at)
                VALUES (\(commentID), \(account), \(id), \(mediaID), \(PostgresBind.text(text)), \(StoredTime.micros(time)))
                ON CONFLICT (id) DO UPDATE SET media_id = coalesce(excluded.media_id, comments.media_id),
                    text = coalesce(excluded.text, comments.text),
                    commented_at = coalesce(excluded.commented_at, comments.commented_at)
                """, logger: logger)
        case .unsent(let mid, let time):
            // The row of the message (either direction: the business may unsend too) loses
            // its content; an unsend seen before its message leaves a row without content, so
            // the message, when it comes, is not stored (the insert above does nothing).
            let at = StoredTime.micros(time)
            let changed = try await connection.query(
                """
                UPDATE messages SET text = NULL, attachments = '[]', quick_replies = '[]',
                    unsent_at = coalesce(unsent_at, \(at)), updated_at = \(now)
                WHERE mid = \(mid) RETURNING 1
                """, logger: logger
            ).count()
            guard changed == 0 else { return }
            try await connection.query(
                """
                INSERT INTO messages (account, contact, direction, mid, status, created_at, updated_at, unsent_at)
                VALUES (\(account), \(id), 'in', \(mid), 'received', \(at), \(now), \(at))
                """, logger: logger)
        }
    }

    /// Stores the private replies this outcome decided (at `decidedSince` or later) that the
    /// database does not have yet; see SQLiteStore's for why older ones are not written back.
    private static func writePrivateReplies(
        _ state: ContactState, decidedSince: Date, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let replies = state.conversation.privateReplies.filter { $0.value >= decidedSince }
        guard !replies.isEmpty else { return }
        let stored = try await Set(
            connection.query(
                """
                SELECT id FROM comments
                WHERE account = \(state.account) AND contact = \(state.contact.id) AND private_reply_at IS NOT NULL
                """, logger: logger
            ).rows().map { try $0.string("id") })
        for (commentID, time) in replies.sorted(by: { $0.key < $1.key }) where !stored.contains(commentID) {
            try await connection.query(
                """
                INSERT INTO comments (id, account, contact, private_reply_at)
                VALUES (\(commentID), \(state.account), \(state.contact.id), \(StoredTime.micros(time)))
                ON CONFLICT (id) DO UPDATE SET private_reply_at = coalesce(comments.private_reply_at, excluded.private_reply_at)
                """, logger: logger)
        }
    }

    /// Insert-or-ignore on the derived id: a second insert of the same intent is a no-op,
    /// and so are its queued messages.
    private static func insertOutbox(
        _ entry: OutboxEntry, dryRun: Bool, at now: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        // `validate` made sure there is at least one message.
        let messages = entry.plan?.messages ?? entry.intent.outgoingMessage.map { [$0] } ?? []
        let due = StoredTime.micros(entry.dueAt)
        let inserted = try await connection.query(
            """
            INSERT INTO outbox (id, account, recipient, payload, decided_at, due_at, next_attempt_at, parts, dry_run, updated_at,
                send_slot)
            VALUES (\(entry.id.rawValue), \(entry.account), \(entry.recipient), \(JSONText.serialize(entry.storedPayload)),
                \(StoredTime.micros(entry.decidedAt)), \(due), \(due), \(messages.count), \(dryRun), \(now),
                \(ClusterSlots.sendSlot(account: entry.account)))
            ON CONFLICT (id) DO NOTHING RETURNING 1
            """, logger: logger
        ).count()
        guard inserted > 0 else { return }
        try await insertQueuedMessages(
            messages, from: 0, outboxID: entry.id, account: entry.account, contact: entry.recipient,
            origin: entry.origin.description, dryRun: dryRun, decidedAt: StoredTime.micros(entry.decidedAt), at: now,
            connection, logger)
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

    private static func logDecision(
        _ record: DecisionRecord, outcome: EventOutcome, at now: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let account = outcome.contact.account
        let contact = outcome.contact.contact.id
        let origin = PostgresBind.plain(record.origin.description)
        try await connection.query(
            """
            INSERT INTO decisions (account, event_kind, event_id, contact, origin, origin_detail, intent, verdict,
                reason, decision, outbox_id, decided_at)
            VALUES (\(account), \(outcome.key.kind), \(outcome.key.id), \(contact), \(origin),
                \(JSONText.serialize(record.origin.storedValue)), \(JSONText.serialize(record.intent.storedValue)),
                \(record.decision.verdict), \(record.decision.reasonCode?.rawValue), \(JSONText.serialize(record.decision.storedValue)),
                \(record.outboxID?.rawValue), \(now))
            """, logger: logger)
        // What a rule tried to say and may not is part of the conversation's history. A
        // broadcast is not addressed to this conversation, so only the log keeps it.
        guard case .refuse(let reason) = record.decision, let message = record.intent.outgoingMessage else { return }
        if case .broadcast = record.intent { return }
        try await connection.query(
            """
            INSERT INTO messages (account, contact, direction, text, attachments, quick_replies, origin, status,
                reason, dry_run, created_at, updated_at)
            VALUES (\(account), \(contact), 'out', \(PostgresBind.text(message.text)),
                \(JSONText.serialize(.array(message.storedAttachments))),
                \(JSONText.serialize(QuickReply.storedValue(message.quickReplies))), \(origin), 'refused',
                \(reason.rawValue), \(outcome.dryRun), \(now), \(now))
            """, logger: logger)
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
