import LuagramDomain
import LuagramPolicy

extension PolicyRequest {
    /// The question the sender asks again when a row is due, with the contact as stored now.
    ///
    /// The event is rebuilt from the entry's reference: the policy needs only its kind, id,
    /// time and contact. `recordedAt` is the decision time, so a follow-up is judged at its
    /// due time, not `seconds` after the send-time check.
    init(sendTimeCheckOf entry: OutboxEntry, contact state: ContactState, liveEnded: Bool = false) {
        var conversation = state.conversation
        // Only private replies decided before this row count against it. The store records
        // a private reply when it is decided, so without this a private reply would be
        // refused at send time as already sent by itself, and a reply to a DM queued just
        // before a private reply to the same contact's comment would be refused as
        // awaiting the contact's answer, depending on which the sender reached first.
        let decidedBefore = conversation.privateReplies.filter { $0.value < entry.decidedAt }
        conversation.privateReplies = decidedBefore
        conversation.privateRepliesSent = conversation.privateRepliesSent.filter { decidedBefore[$0.key] != nil }
        // A handoff decided by the same event as an immediate message ("Sure, a person will
        // answer here" then ev:handoff) must not stop that message: the rule sent it knowing.
        // A follow-up due later is held back by it, as by any handoff.
        if let handoff = conversation.handoff, handoff.startedAt == entry.decidedAt, entry.dueAt <= entry.decidedAt {
            conversation.handoff = nil
        }
        var contact = state.contact
        contact.id = entry.recipient
        let event = Event(
            kind: entry.event.kind, id: entry.event.id, time: entry.event.time, account: entry.account, contact: contact)
        self.init(
            intent: entry.intent, origin: entry.origin, event: event, recipient: entry.recipient,
            context: PolicyContext(conversation: conversation, liveBroadcastEnded: liveEnded), recordedAt: entry.decidedAt)
    }
}
