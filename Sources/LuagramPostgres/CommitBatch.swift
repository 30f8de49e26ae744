import Foundation
import LuagramDomain

/// Event outcomes as the argument of `luagram_commit` (`PostgresMigrations.commit`): one
/// JSON array, one object per outcome, holding exactly the values the function writes.
///
/// Times are microseconds since 1970; JSON kept in TEXT columns (tags, payloads, …) travels
/// as a string of its text; message and comment text as base64 of its UTF-8, since it goes
/// to BYTEA and may hold a NUL. Other free text is cut at a NUL (`PostgresBind.plain`), as
/// everywhere on PostgreSQL.
enum CommitBatch {
    static func json(_ outcomes: [EventOutcome]) -> String {
        JSONText.serialize(.array(outcomes.map(outcome)))
    }

    private static func outcome(_ outcome: EventOutcome) -> Value {
        .object([
            "account": .string(outcome.contact.account),
            "kind": .string(outcome.key.kind),
            "id": .string(outcome.key.id),
            "at": .int(StoredTime.micros(outcome.processedAt)),
            "based_on": optional(outcome.basedOn.map(Value.int)),
            "dry_run": .bool(outcome.dryRun),
            "contact": contact(outcome.contact),
            "inbound": optional(outcome.inbound.map(inbound)),
            // Only those this outcome decided (at its time or later): see SQLiteStore's for
            // why older ones are not written back.
            "private_replies": .array(
                outcome.contact.conversation.privateReplies.filter { $0.value >= outcome.processedAt }.sorted { $0.key < $1.key }
                    .map { .object(["comment": .string($0.key), "at": .int(StoredTime.micros($0.value))]) }),
            "outbox": .array(outcome.outbox.map(outboxEntry)),
            "decisions": .array(outcome.decisions.map(decision)),
        ])
    }

    private static func contact(_ state: ContactState) -> Value {
        let contact = state.contact
        let handoff = state.conversation.handoff
        // `thread_control_at` is set exactly when something said who holds the thread
        let thread = state.conversation.threadControl
        return .object([
            "id": .string(contact.id),
            "username": text(contact.username),
            "name": text(contact.name),
            "last_inbound_at": time(state.conversation.lastUserMessageAt),
            "tags": .string(JSONText.serialize(.array(contact.tags.map(Value.string)))),
            "data": .string(JSONText.serialize(.object(contact.values))),
            "handoff_started_at": time(handoff?.startedAt),
            "handoff_reason": text(handoff?.reason),
            "handoff_agent_at": time(handoff?.lastAgentMessageAt),
            "handoff_released_at": time(handoff?.releasedAt),
            "thread_standby": optional(thread.map { .bool($0.inStandby) }),
            "thread_control_at": time(thread?.since),
        ])
    }

    private static func inbound(_ inbound: InboundRecord) -> Value {
        switch inbound {
        case .message(let mid, let text, let attachments, let at):
            .object([
                "kind": "message", "mid": .string(mid), "text": bytes(text),
                "attachments": .string(JSONText.serialize(.array(attachments))), "at": .int(StoredTime.micros(at)),
            ])
        case .comment(let id, let mediaID, let text, let at):
            .object([
                "kind": "comment", "id": .string(id), "media_id": optional(mediaID.map(Value.string)), "text": bytes(text),
                "at": .int(StoredTime.micros(at)),
            ])
        case .unsent(let mid, let at):
            .object(["kind": "unsent", "mid": .string(mid), "at": .int(StoredTime.micros(at))])
        }
    }

    private static func outboxEntry(_ entry: OutboxEntry) -> Value {
        // `validateForCommit` made sure there is at least one message.
        let messages = entry.plan?.messages ?? entry.intent.outgoingMessage.map { [$0] } ?? []
        return .object([
            "id": .string(entry.id.rawValue),
            "account": .string(entry.account),
            "recipient": .string(entry.recipient),
            "payload": .string(JSONText.serialize(entry.storedPayload)),
            "decided_at": .int(StoredTime.micros(entry.decidedAt)),
            "due_at": .int(StoredTime.micros(entry.dueAt)),
            "send_slot": .int(Int64(ClusterSlots.sendSlot(account: entry.account))),
            "origin": text(entry.origin.description),
            "messages": .array(messages.map { message($0, reason: nil) }),
        ])
    }

    private static func decision(_ record: DecisionRecord) -> Value {
        // What a rule tried to say and may not is kept as a refused message. A broadcast is
        // not addressed to this conversation, so only the log keeps it.
        var refused = Value.null
        if case .refuse(let reason) = record.decision, let message = record.intent.outgoingMessage {
            if case .broadcast = record.intent {} else { refused = self.message(message, reason: reason) }
        }
        return .object([
            "origin": text(record.origin.description),
            "origin_detail": .string(JSONText.serialize(record.origin.storedValue)),
            "intent": .string(JSONText.serialize(record.intent.storedValue)),
            "verdict": .string(record.decision.verdict),
            "reason": optional(record.decision.reasonCode.map { .string($0.rawValue) }),
            "decision": .string(JSONText.serialize(record.decision.storedValue)),
            "outbox_id": optional(record.outboxID.map { .string($0.rawValue) }),
            "refused": refused,
        ])
    }

    private static func message(_ message: OutgoingMessage, reason: ReasonCode?) -> Value {
        .object([
            "text": bytes(message.text),
            "attachments": .string(JSONText.serialize(.array(message.storedAttachments))),
            "quick_replies": .string(JSONText.serialize(QuickReply.storedValue(message.quickReplies))),
            "reason": optional(reason.map { .string($0.rawValue) }),
        ])
    }

    private static func optional(_ value: Value?) -> Value { value ?? .null }

    private static func text(_ text: String?) -> Value { optional(PostgresBind.plain(text).map(Value.string)) }

    private static func bytes(_ text: String?) -> Value { optional(text.map { .string(Data($0.utf8).base64EncodedString()) }) }

    private static func time(_ date: Date?) -> Value { optional(StoredTime.micros(date).map(Value.int)) }
}
