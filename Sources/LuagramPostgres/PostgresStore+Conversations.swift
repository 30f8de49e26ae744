import Foundation
import LuagramDomain
import PostgresNIO

extension PostgresStore: ConversationStore {
    /// Two statements for the whole batch, however many contacts: the contacts, then the
    /// comments their private replies are kept on.
    public func contactStates(_ contacts: [ContactKey]) async throws -> [ContactKey: ContactState] {
        let keys = Array(Set(contacts))
        guard !keys.isEmpty else { return [:] }
        let (accounts, ids) = (keys.map(\.account), keys.map(\.contact))
        return try await transaction { [self] connection in
            let rows = try await connection.query(
                """
                SELECT c.* FROM unnest(\(accounts)::text[], \(ids)::text[]) AS k(account, id) JOIN contacts AS c USING (account, id)
                """, logger: logger
            ).rows()
            // A reply Meta accepted keeps its decision time, so the partial index finds both kinds.
            var privateReplies: [ContactKey: [String: Date]] = [:]
            var sent: [ContactKey: [String: Date]] = [:]
            for reply in try await connection.query(
                """
                SELECT m.account, m.contact, m.id, m.private_reply_at, m.private_reply_sent_at, m.commented_at
                FROM unnest(\(accounts)::text[], \(ids)::text[]) AS k(account, contact) JOIN comments AS m USING (account, contact)
                WHERE m.private_reply_at IS NOT NULL
                """, logger: logger
            ).rows() {
                let key = ContactKey(account: try reply.string("account"), contact: try reply.string("contact"))
                let id = try reply.string("id")
                privateReplies[key, default: [:]][id] = try reply.time("private_reply_at")
                if let sentAt = try reply.optionalTime("private_reply_sent_at") {
                    // a comment row made by the reply alone has no time of its own
                    sent[key, default: [:]][id] = try reply.optionalTime("commented_at") ?? sentAt
                }
            }
            var states: [ContactKey: ContactState] = [:]
            for key in keys { states[key] = ContactState(account: key.account, contact: Contact(id: key.contact)) }
            for row in rows {
                let key = ContactKey(account: try row.string("account"), contact: try row.string("id"))
                states[key] = try ContactState(
                    postgres: row, privateReplies: privateReplies[key] ?? [:], privateRepliesSent: sent[key] ?? [:])
            }
            return states
        }
    }

    public func messages(account: String, contact: String, limit: Int) async throws -> [StoredMessage] {
        try await transaction { [self] connection in
            try await connection.query(
                """
                SELECT * FROM (
                    SELECT * FROM messages WHERE account = \(account) AND contact = \(contact) ORDER BY id DESC LIMIT \(limit)
                ) AS latest ORDER BY id
                """, logger: logger
            ).rows().map(StoredMessage.init(postgres:))
        }
    }

    public func mediaOfComment(_ comment: String, account: String) async throws -> String? {
        try await transaction { [self] connection in
            try await connection.query(
                "SELECT media_id FROM comments WHERE id = \(comment) AND account = \(account)", logger: logger
            ).rows().first?.optionalString("media_id")
        }
    }

    public func message(mid: String) async throws -> StoredMessage? {
        try await transaction { [self] connection in
            try await connection.query("SELECT * FROM messages WHERE mid = \(mid)", logger: logger).rows().first
                .map(StoredMessage.init(postgres:))
        }
    }

    /// The latest 50 messages of the conversation, of which those still queued whose row is
    /// claimed or unconfirmed.
    public func unconfirmedOutgoing(account: String, contact: String) async throws -> [StoredMessage] {
        try await transaction { [self] connection in
            try await connection.query(
                """
                SELECT m.* FROM (
                    SELECT * FROM messages WHERE account = \(account) AND contact = \(contact) ORDER BY id DESC LIMIT 50) AS m
                JOIN outbox AS o ON o.id = m.outbox_id
                WHERE m.direction = 'out' AND m.status = 'queued' AND (o.state = 'sending' OR o.unconfirmed_since IS NOT NULL)
                ORDER BY m.id
                """, logger: logger
            ).rows().map(StoredMessage.init(postgres:))
        }
    }

    /// A message already read stays read (the echo can arrive after the read receipt), but
    /// learns its delivery time.
    @discardableResult
    public func markDelivered(mid: String, at time: Date) async throws -> Bool {
        let at = StoredTime.micros(time)
        return try await transaction { [self] connection in
            try await connection.query(
                """
                UPDATE messages SET status = CASE status WHEN 'sent' THEN 'delivered' ELSE status END,
                    delivered_at = coalesce(delivered_at, \(at)), updated_at = \(at)
                WHERE mid = \(mid) AND direction = 'out' AND status IN ('sent', 'delivered', 'read')
                RETURNING 1
                """, logger: logger
            ).count() > 0
        }
    }

    public func noteThreadInStandby(account: String, contact: String, at time: Date) async throws {
        let at = StoredTime.micros(time)
        try await transaction { [self] connection in
            _ = try await connection.query(
                """
                UPDATE contacts SET thread_standby = true, thread_control_at = \(at), version = version + 1, updated_at = \(at)
                WHERE account = \(account) AND id = \(contact) AND (thread_control_at IS NULL OR thread_control_at <= \(at))
                """, logger: logger)
        }
    }

    /// Messages are ordered by when Meta accepted them (`sent_at`): the order the contact
    /// saw them in.
    @discardableResult
    public func markRead(account: String, contact: String, upTo mark: ReadMark, at time: Date) async throws -> Int {
        let at = StoredTime.micros(time)
        return try await transaction { [self] connection in
            let cutoff: Int64?
            switch mark {
            case .watermark(let date):
                cutoff = StoredTime.micros(date) as Int64
            case .message(let mid):
                cutoff = try await connection.query(
                    """
                    SELECT sent_at FROM messages
                    WHERE mid = \(mid) AND account = \(account) AND contact = \(contact) AND direction = 'out'
                    """, logger: logger
                ).rows().first?[("sent_at")].decode(Int64?.self)
            }
            guard let cutoff else { return 0 }
            return try await connection.query(
                """
                UPDATE messages SET status = 'read', read_at = \(at), delivered_at = coalesce(delivered_at, \(at)),
                    updated_at = \(at)
                WHERE account = \(account) AND contact = \(contact) AND status IN ('sent', 'delivered')
                    AND sent_at <= \(cutoff)
                RETURNING 1
                """, logger: logger
            ).count()
        }
    }
}

extension ContactState {
    init(postgres row: PostgresRandomAccessRow, privateReplies: [String: Date], privateRepliesSent: [String: Date]) throws {
        let tags = try Self.storedTags(try row.json("tags", in: "contacts"))
        let values = try Self.storedData(try row.json("data", in: "contacts"))
        var handoff: HandoffState?
        if let started = try row.optionalTime("handoff_started_at") {
            handoff = HandoffState(
                startedAt: started, reason: try row.optionalString("handoff_reason") ?? "",
                lastAgentMessageAt: try row.optionalTime("handoff_agent_at"), releasedAt: try row.optionalTime("handoff_released_at"))
        }
        var threadControl: ThreadControl?
        if let standby = try row["thread_standby"].decode(Bool?.self), let since = try row.optionalTime("thread_control_at") {
            threadControl = ThreadControl(inStandby: standby, since: since)
        }
        self.init(
            account: try row.string("account"),
            contact: Contact(
                id: try row.string("id"), username: try row.optionalString("username"), name: try row.optionalString("name"),
                tags: tags, values: values),
            conversation: ConversationState(
                lastUserMessageAt: try row.optionalTime("last_inbound_at"), handoff: handoff, privateReplies: privateReplies,
                privateRepliesSent: privateRepliesSent, threadControl: threadControl),
            version: try row.int64("version"))
    }
}

extension StoredMessage {
    init(postgres row: PostgresRandomAccessRow) throws {
        guard case .array(let attachments) = try row.json("attachments", in: "messages") else {
            throw StoreError.corruptValue(table: "messages", column: "attachments", detail: "not an array")
        }
        let quickReplies = try row.json("quick_replies", in: "messages")
        self.init(
            id: try row.int64("id"), account: try row.string("account"), contact: try row.string("contact"),
            direction: try row.raw("direction", in: "messages"), mid: try row.optionalString("mid"), text: try row.text("text"),
            attachments: attachments,
            quickReplies: try StoredJSON.read("messages", "quick_replies") { () throws(StoredShapeError) in
                try QuickReply.fromStored(quickReplies)
            },
            origin: try row.optionalString("origin"), status: try row.raw("status", in: "messages"),
            failure: try row.sendFailure(), refusal: try row.optionalRaw("reason", in: "messages"), dryRun: try row.bool("dry_run"),
            outboxID: try row.optionalString("outbox_id").map(OutboxID.init(rawValue:)), part: try row.optionalInt("part"),
            createdAt: try row.time("created_at"), sentAt: try row.optionalTime("sent_at"),
            deliveredAt: try row.optionalTime("delivered_at"), readAt: try row.optionalTime("read_at"),
            unsentAt: try row.optionalTime("unsent_at"))
    }
}
