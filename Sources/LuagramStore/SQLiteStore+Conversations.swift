import Foundation
import GRDB
import LuagramDomain

extension SQLiteStore: ConversationStore {
    public func contactStates(_ contacts: [ContactKey]) async throws -> [ContactKey: ContactState] {
        guard !contacts.isEmpty else { return [:] }
        return try await writer.read { db in
            var states: [ContactKey: ContactState] = [:]
            for key in contacts where states[key] == nil { states[key] = try Self.contactState(key, db) }
            return states
        }
    }

    /// Cached statements: a batch reads many contacts, and preparing costs more than reading.
    static func contactState(_ key: ContactKey, _ db: Database) throws -> ContactState {
        let contacts = try db.cachedStatement(sql: "SELECT * FROM contacts WHERE account = ? AND id = ?")
        guard let row = try Row.fetchOne(contacts, arguments: [key.account, key.contact]) else {
            return ContactState(account: key.account, contact: Contact(id: key.contact))
        }
        // A reply Meta accepted keeps its decision time, so the partial index finds both kinds.
        let replies = try db.cachedStatement(
            sql: """
                SELECT id, private_reply_at, private_reply_sent_at, commented_at FROM comments
                WHERE account = ? AND contact = ? AND private_reply_at IS NOT NULL
                """)
        var privateReplies: [String: Date] = [:]
        var sent: [String: Date] = [:]
        for reply in try Row.fetchAll(replies, arguments: [key.account, key.contact]) {
            let id: String = try reply.decode(forColumn: "id")
            privateReplies[id] = try reply.time("private_reply_at")
            if let sentAt = try reply.optionalTime("private_reply_sent_at") {
                // a comment row made by the reply alone has no time of its own
                sent[id] = try reply.optionalTime("commented_at") ?? sentAt
            }
        }
        return try ContactState(row: row, privateReplies: privateReplies, privateRepliesSent: sent)
    }

    public func messages(account: String, contact: String, limit: Int) async throws -> [StoredMessage] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT \(StoredText.messageColumns) FROM messages WHERE account = ? AND contact = ? ORDER BY id DESC LIMIT ?)
                    ORDER BY id
                    """,
                arguments: [account, contact, limit]
            ).map(StoredMessage.init(row:))
        }
    }

    public func mediaOfComment(_ comment: String, account: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT media_id FROM comments WHERE id = ? AND account = ?", arguments: [comment, account])
        }
    }

    public func message(mid: String) async throws -> StoredMessage? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT \(StoredText.messageColumns) FROM messages WHERE mid = ?", arguments: [mid]).map(StoredMessage.init(row:))
        }
    }

    /// Through the conversation's index: the latest 50 messages, of which those still
    /// queued whose row is claimed or unconfirmed.
    public func unconfirmedOutgoing(account: String, contact: String) async throws -> [StoredMessage] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.*, CAST(m.text AS BLOB) AS text_bytes FROM (
                        SELECT * FROM messages WHERE account = ? AND contact = ? ORDER BY id DESC LIMIT 50) AS m
                    JOIN outbox AS o ON o.id = m.outbox_id
                    WHERE m.direction = 'out' AND m.status = 'queued' AND (o.state = 'sending' OR o.unconfirmed_since IS NOT NULL)
                    ORDER BY m.id
                    """,
                arguments: [account, contact]
            ).map(StoredMessage.init(row:))
        }
    }

    /// A message already read stays read (the echo can arrive after the read receipt),
    /// but learns its delivery time.
    @discardableResult
    public func markDelivered(mid: String, at time: Date) async throws -> Bool {
        try await writer.write { db in
            try db.executeCached(
                sql: """
                    UPDATE messages SET status = CASE status WHEN 'sent' THEN 'delivered' ELSE status END,
                        delivered_at = coalesce(delivered_at, :at), updated_at = :at
                    WHERE mid = :mid AND direction = 'out' AND status IN ('sent', 'delivered', 'read')
                    """,
                arguments: ["mid": mid, "at": Timestamp.micros(time)])
            return db.changesCount > 0
        }
    }

    public func noteThreadInStandby(account: String, contact: String, at time: Date) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE contacts SET thread_standby = 1, thread_control_at = :at, version = version + 1, updated_at = :at
                    WHERE account = :account AND id = :contact AND (thread_control_at IS NULL OR thread_control_at <= :at)
                    """,
                arguments: ["account": account, "contact": contact, "at": Timestamp.micros(time)])
        }
    }

    /// Messages are ordered by when Meta accepted them (`sent_at`): the order the
    /// contact saw them in.
    @discardableResult
    public func markRead(account: String, contact: String, upTo mark: ReadMark, at time: Date) async throws -> Int {
        try await writer.write { db in
            let cutoff: Int64?
            switch mark {
            case .watermark(let date):
                cutoff = Timestamp.micros(date)
            case .message(let mid):
                cutoff = try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT sent_at FROM messages
                        WHERE mid = ? AND account = ? AND contact = ? AND direction = 'out'
                        """,
                    arguments: [mid, account, contact])
            }
            guard let cutoff else { return 0 }
            try db.executeCached(
                sql: """
                    UPDATE messages SET status = 'read', read_at = :at, delivered_at = coalesce(delivered_at, :at),
                        updated_at = :at
                    WHERE account = :account AND contact = :contact AND status IN ('sent', 'delivered')
                        AND sent_at <= :cutoff
                    """,
                arguments: ["account": account, "contact": contact, "cutoff": cutoff, "at": Timestamp.micros(time)])
            return db.changesCount
        }
    }
}

extension ContactState {
    init(row: Row, privateReplies: [String: Date], privateRepliesSent: [String: Date]) throws {
        let tags = try Self.storedTags(try row.json("tags", in: "contacts"))
        let values = try Self.storedData(try row.json("data", in: "contacts"))
        var handoff: HandoffState?
        if let started = try row.optionalTime("handoff_started_at") {
            handoff = HandoffState(
                startedAt: started, reason: try row.decode(String?.self, forColumn: "handoff_reason") ?? "",
                lastAgentMessageAt: try row.optionalTime("handoff_agent_at"),
                releasedAt: try row.optionalTime("handoff_released_at"))
        }
        var threadControl: ThreadControl?
        if let standby = try row.decode(Bool?.self, forColumn: "thread_standby"), let since = try row.optionalTime("thread_control_at") {
            threadControl = ThreadControl(inStandby: standby, since: since)
        }
        self.init(
            account: try row.decode(forColumn: "account"),
            contact: Contact(
                id: try row.decode(forColumn: "id"), username: try row.decode(forColumn: "username"),
                name: try row.decode(forColumn: "name"), tags: tags, values: values),
            conversation: ConversationState(
                lastUserMessageAt: try row.optionalTime("last_inbound_at"), handoff: handoff,
                privateReplies: privateReplies, privateRepliesSent: privateRepliesSent, threadControl: threadControl),
            version: try row.decode(forColumn: "version"))
    }
}

extension StoredMessage {
    init(row: Row) throws {
        guard case .array(let attachments) = try row.json("attachments", in: "messages") else {
            throw StoreError.corruptValue(table: "messages", column: "attachments", detail: "not an array")
        }
        let quickRepliesValue = try row.json("quick_replies", in: "messages")
        let outboxID: String? = try row.decode(forColumn: "outbox_id")
        self.init(
            id: try row.decode(forColumn: "id"), account: try row.decode(forColumn: "account"),
            contact: try row.decode(forColumn: "contact"), direction: try row.raw("direction", in: "messages"),
            mid: try row.decode(forColumn: "mid"), text: StoredText.text(try row.decode(forColumn: "text_bytes")),
            attachments: attachments,
            quickReplies: try readStored("messages", "quick_replies") { () throws(StoredShapeError) in
                try QuickReply.fromStored(quickRepliesValue)
            },
            origin: try row.decode(forColumn: "origin"), status: try row.raw("status", in: "messages"),
            failure: try row.sendFailure(), refusal: try row.optionalRaw("reason", in: "messages"),
            dryRun: try row.bool("dry_run"), outboxID: outboxID.map(OutboxID.init(rawValue:)),
            part: try row.optionalInt("part"), createdAt: try row.time("created_at"),
            sentAt: try row.optionalTime("sent_at"), deliveredAt: try row.optionalTime("delivered_at"),
            readAt: try row.optionalTime("read_at"), unsentAt: try row.optionalTime("unsent_at"))
    }
}
