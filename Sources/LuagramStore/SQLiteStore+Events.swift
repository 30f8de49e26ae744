import Foundation
import GRDB
import LuagramDomain

extension SQLiteStore: EventStore {
    public func processedKeys(among keys: [EventKey]) async throws -> Set<EventKey> {
        guard !keys.isEmpty else { return [] }
        return try await writer.read { db in try Set(keys.filter { try Self.isProcessed($0, db) }) }
    }

    /// Each outcome checks its contact's version before it writes anything, so a conflict
    /// leaves nothing to undo and the others go on in the same transaction (no savepoint:
    /// SQLite would copy every page an outcome touches into a sub-journal).
    public func commit(_ outcomes: [EventOutcome]) async throws -> [CommitResult] {
        for outcome in outcomes { try outcome.validateForCommit() }
        let results = try await writer.write { db in try outcomes.map { try Self.write($0, db) } }
        // An unsent message's old page images are still in the WAL: emptied, so its content
        // is gone from the files' bytes and not only from the rows.
        let unsent = zip(outcomes, results).contains { outcome, result in
            if result == .committed, case .unsent = outcome.inbound { return true }
            return false
        }
        if unsent { try await Self.truncateWAL(writer) }
        return results
    }

    /// The decisions logged for an event, in the order they were made (for inspection; the
    /// engine never reads them back).
    public func decisions(for key: EventKey) async throws -> [LoggedDecision] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM decisions WHERE account = ? AND event_kind = ? AND event_id = ? ORDER BY id",
                arguments: [key.account, key.kind, key.id]
            ).map(LoggedDecision.init(row:))
        }
    }

    /// The whole outcome, in the caller's transaction. Any error (a constraint, a
    /// conflict) rolls all of it back, the de-duplication key included, so the event
    /// can run again.
    private static func write(_ outcome: EventOutcome, _ db: Database) throws -> CommitResult {
        let key = outcome.key
        let now = Timestamp.micros(outcome.processedAt)
        // Checked before anything is written: a duplicate or a conflict writes nothing.
        guard try contactVersion(outcome.contact, is: outcome.basedOn, db) else {
            return try isProcessed(key, db) ? .duplicate : .conflict
        }
        guard try insertKey(key, at: now, db) else { return .duplicate }

        try db.executeCached(
            sql: "INSERT INTO accounts (id, first_seen_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            arguments: [outcome.contact.account, now])
        try writeContact(outcome.contact, at: now, db)
        if let inbound = outcome.inbound {
            try writeInbound(inbound, contact: outcome.contact, at: now, db)
        }
        try writePrivateReplies(outcome.contact, decidedSince: outcome.processedAt, db)
        for entry in outcome.outbox {
            try insertOutbox(entry, dryRun: outcome.dryRun, at: now, db)
        }
        for record in outcome.decisions {
            try logDecision(record, outcome: outcome, at: now, db)
        }
        return .committed
    }

    static func isProcessed(_ key: EventKey, _ db: Database) throws -> Bool {
        let exists = try db.cachedStatement(
            sql: "SELECT EXISTS (SELECT 1 FROM processed_events WHERE account = ? AND kind = ? AND id = ?)")
        return try Bool.fetchOne(exists, arguments: [key.account, key.kind, key.id]) == true
    }

    /// Whether the stored contact is at the version the outcome was based on (0: not
    /// stored yet); nil bases an outcome on whatever is stored.
    private static func contactVersion(_ state: ContactState, is basedOn: Int64?, _ db: Database) throws -> Bool {
        guard let basedOn else { return true }
        let version = try db.cachedStatement(sql: "SELECT version FROM contacts WHERE account = ? AND id = ?")
        return try (Int64.fetchOne(version, arguments: [state.account, state.contact.id]) ?? 0) == basedOn
    }

    /// False if the key was there already.
    private static func insertKey(_ key: EventKey, at now: Int64, _ db: Database) throws -> Bool {
        try db.executeCached(
            sql: "INSERT INTO processed_events (account, kind, id, processed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            arguments: [key.account, key.kind, key.id, now])
        return db.changesCount > 0
    }

    private static func writeContact(_ state: ContactState, at now: Int64, _ db: Database) throws {
        let contact = state.contact
        let handoff = state.conversation.handoff
        var arguments: StatementArguments = [
            "account": state.account, "id": contact.id, "username": contact.username, "name": contact.name,
            "lastInbound": Timestamp.micros(state.conversation.lastUserMessageAt),
            "tags": JSONText.serialize(.array(contact.tags.map(Value.string))),
            "data": JSONText.serialize(.object(contact.values)),
            "handoffStarted": Timestamp.micros(handoff?.startedAt), "handoffReason": handoff?.reason,
            "handoffAgent": Timestamp.micros(handoff?.lastAgentMessageAt),
            "handoffReleased": Timestamp.micros(handoff?.releasedAt),
            "now": now,
        ]
        // Who holds the thread is written only once something said so; until then the
        // columns stay as they are (NULL for a new contact).
        let thread = state.conversation.threadControl
        if let thread {
            _ = arguments.append(contentsOf: [
                "threadStandby": thread.inStandby, "threadControlAt": Timestamp.micros(thread.since),
            ])
        }
        let insert = """
            INSERT INTO contacts (account, id, username, name, last_inbound_at, tags, data, handoff_started_at,
                handoff_reason, handoff_agent_at, handoff_released_at\(thread == nil ? "" : ", thread_standby, thread_control_at"),
                version, created_at, updated_at)
            VALUES (:account, :id, :username, :name, :lastInbound, :tags, :data, :handoffStarted,
                :handoffReason, :handoffAgent, :handoffReleased\(thread == nil ? "" : ", :threadStandby, :threadControlAt"),
                1, :now, :now)
            """
        // A missing username or name keeps the stored one: most webhooks carry neither.
        // The window never moves backwards: events may be handled out of order.
        let assignments = """
            username = coalesce(:username, username), name = coalesce(:name, name),
            last_inbound_at = coalesce(max(last_inbound_at, :lastInbound), last_inbound_at, :lastInbound),
            tags = :tags, data = :data, handoff_started_at = :handoffStarted, handoff_reason = :handoffReason,
            handoff_agent_at = :handoffAgent, handoff_released_at = :handoffReleased,\(
                thread == nil ? "" : " thread_standby = :threadStandby, thread_control_at = :threadControlAt,")
            version = version + 1, updated_at = :now
            """
        // `write` checked the version the outcome was based on, in this transaction.
        try db.executeCached(sql: insert + " ON CONFLICT (account, id) DO UPDATE SET " + assignments, arguments: arguments)
    }

    private static func writeInbound(_ inbound: InboundRecord, contact: ContactState, at now: Int64, _ db: Database) throws {
        switch inbound {
        case .message(let mid, let text, let attachments, let time):
            try db.executeCached(
                sql: """
                    INSERT INTO messages (account, contact, direction, mid, text, attachments, status, created_at, updated_at)
                    VALUES (?, ?, 'in', ?, CAST(? AS TEXT), ?, 'received', ?, ?) ON CONFLICT DO NOTHING
                    """,
                arguments: [
                    contact.account, contact.contact.id, mid, StoredText.argument(text), JSONText.serialize(.array(attachments)),
                    Timestamp.micros(time), now,
                ])
        case .comment(let id, let mediaID, let text, let time):
            // The row may exist already, made by a private reply recorded before.
            try db.executeCached(
                sql: """
                    INSERT INTO comments (id, account, contact, media_id, text, commented_at) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?)
                    ON CONFLICT (id) DO UPDATE SET media_id = coalesce(excluded.media_id, media_id),
                        text = coalesce(excluded.text, text), commented_at = coalesce(excluded.commented_at, commented_at)
                    """,
                arguments: [id, contact.account, contact.contact.id, mediaID, StoredText.argument(text), Timestamp.micros(time)])
        case .unsent(let mid, let time):
            // The row of the message (either direction: the business may unsend too) loses
            // its content; an unsend seen before its message leaves a row without content, so
            // the message, when it comes, is not stored (the insert above does nothing).
            try db.executeCached(
                sql: """
                    UPDATE messages SET text = NULL, attachments = '[]', quick_replies = '[]',
                        unsent_at = coalesce(unsent_at, :at), updated_at = :now
                    WHERE mid = :mid
                    """,
                arguments: ["mid": mid, "at": Timestamp.micros(time), "now": now])
            guard db.changesCount == 0 else { return }
            try db.executeCached(
                sql: """
                    INSERT INTO messages (account, contact, direction, mid, status, created_at, updated_at, unsent_at)
                    VALUES (?, ?, 'in', ?, 'received', ?, ?, ?)
                    """,
                arguments: [contact.account, contact.contact.id, mid, Timestamp.micros(time), now, Timestamp.micros(time)])
        }
    }

    /// Stores the private replies this outcome decided (at `decidedSince` or later) that the
    /// database does not have yet. A recorded decision is never moved; only the sender
    /// removes one, when the reply failed. Older entries of the state are not written back:
    /// they were read before, and the sender may have given one up since.
    private static func writePrivateReplies(_ state: ContactState, decidedSince: Date, _ db: Database) throws {
        let replies = state.conversation.privateReplies.filter { $0.value >= decidedSince }
        guard !replies.isEmpty else { return }
        let stored = try Set(
            String.fetchAll(
                db,
                sql: "SELECT id FROM comments WHERE account = ? AND contact = ? AND private_reply_at IS NOT NULL",
                arguments: [state.account, state.contact.id]))
        for (commentID, time) in replies.sorted(by: { $0.key < $1.key }) where !stored.contains(commentID) {
            try db.executeCached(
                sql: """
                    INSERT INTO comments (id, account, contact, private_reply_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET private_reply_at = coalesce(private_reply_at, excluded.private_reply_at)
                    """,
                arguments: [commentID, state.account, state.contact.id, Timestamp.micros(time)])
        }
    }

    /// Insert-or-ignore on the derived id: a second insert of the same intent is a
    /// no-op, and so are its queued messages.
    private static func insertOutbox(_ entry: OutboxEntry, dryRun: Bool, at now: Int64, _ db: Database) throws {
        // `validate` made sure there is at least one message.
        let messages = entry.plan?.messages ?? entry.intent.outgoingMessage.map { [$0] } ?? []
        let due = Timestamp.micros(entry.dueAt)
        try db.executeCached(
            sql: """
                INSERT INTO outbox (id, account, recipient, payload, decided_at, due_at, next_attempt_at, parts, dry_run, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING
                """,
            arguments: [
                entry.id.rawValue, entry.account, entry.recipient, JSONText.serialize(entry.storedPayload),
                Timestamp.micros(entry.decidedAt), due, due, messages.count, dryRun, now,
            ])
        guard db.changesCount > 0 else { return }
        try insertQueuedMessages(
            messages, from: 0, outboxID: entry.id, account: entry.account, contact: entry.recipient,
            origin: entry.origin.description, dryRun: dryRun, decidedAt: Timestamp.micros(entry.decidedAt), at: now, db)
    }

    /// The outgoing messages of an outbox row, one per part of its plan, from `first` on.
    static func insertQueuedMessages(
        _ messages: [OutgoingMessage], from first: Int, outboxID: OutboxID, account: String, contact: String,
        origin: String, dryRun: Bool, decidedAt: Int64, at now: Int64, _ db: Database
    ) throws {
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO messages (account, contact, direction, text, attachments, quick_replies, origin, status,
                    dry_run, outbox_id, part, created_at, updated_at)
                VALUES (?, ?, 'out', CAST(? AS TEXT), ?, ?, ?, 'queued', ?, ?, ?, ?, ?)
                """)
        for (part, message) in messages.enumerated() where part >= first {
            try insert.execute(arguments: [
                account, contact, StoredText.argument(message.text), JSONText.serialize(.array(message.storedAttachments)),
                JSONText.serialize(QuickReply.storedValue(message.quickReplies)), origin, dryRun, outboxID.rawValue,
                part, decidedAt, now,
            ])
        }
    }

    private static func logDecision(_ record: DecisionRecord, outcome: EventOutcome, at now: Int64, _ db: Database) throws {
        let account = outcome.contact.account
        let contact = outcome.contact.contact.id
        try db.executeCached(
            sql: """
                INSERT INTO decisions (account, event_kind, event_id, contact, origin, origin_detail, intent, verdict,
                    reason, decision, outbox_id, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                account, outcome.key.kind, outcome.key.id, contact, record.origin.description,
                JSONText.serialize(record.origin.storedValue), JSONText.serialize(record.intent.storedValue),
                record.decision.verdict, record.decision.reasonCode?.rawValue,
                JSONText.serialize(record.decision.storedValue), record.outboxID?.rawValue, now,
            ])
        // What a rule tried to say and may not is part of the conversation's history. A
        // broadcast is not addressed to this conversation, so only the log keeps it.
        guard case .refuse(let reason) = record.decision, let message = record.intent.outgoingMessage else { return }
        if case .broadcast = record.intent { return }
        try db.executeCached(
            sql: """
                INSERT INTO messages (account, contact, direction, text, attachments, quick_replies, origin, status,
                    reason, dry_run, created_at, updated_at)
                VALUES (?, ?, 'out', CAST(? AS TEXT), ?, ?, ?, 'refused', ?, ?, ?, ?)
                """,
            arguments: [
                account, contact, StoredText.argument(message.text), JSONText.serialize(.array(message.storedAttachments)),
                JSONText.serialize(QuickReply.storedValue(message.quickReplies)), record.origin.description,
                reason.rawValue, outcome.dryRun, now, now,
            ])
    }
}

extension LoggedDecision {
    init(row: Row) throws {
        let intent = try row.json("intent", in: "decisions")
        let origin = try row.json("origin_detail", in: "decisions")
        let decision = try row.json("decision", in: "decisions")
        let outboxID: String? = try row.decode(forColumn: "outbox_id")
        self.init(
            event: EventKey(
                account: try row.decode(forColumn: "account"), kind: try row.decode(forColumn: "event_kind"),
                id: try row.decode(forColumn: "event_id")),
            contact: try row.decode(forColumn: "contact"),
            record: DecisionRecord(
                intent: try readStored("decisions", "intent") { () throws(StoredShapeError) in try Intent(storedValue: intent) },
                origin: try readStored("decisions", "origin_detail") { () throws(StoredShapeError) in
                    try Origin(storedValue: origin)
                },
                decision: try readStored("decisions", "decision") { () throws(StoredShapeError) in
                    try Decision(storedValue: decision)
                },
                outboxID: outboxID.map(OutboxID.init(rawValue:))),
            decidedAt: try row.time("decided_at"))
    }
}
