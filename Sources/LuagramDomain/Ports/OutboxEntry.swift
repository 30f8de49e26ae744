import Foundation

/// A send the policy allowed, now or later, waiting in the outbox for the sender.
public struct OutboxEntry: Sendable, Hashable {
    public var id: OutboxID
    public var account: String
    /// The contact's Instagram-scoped id.
    public var recipient: String
    /// What was asked, kept whole so the sender can ask the policy again when the entry
    /// is due (a follow-up may come due after the window closed).
    public var intent: Intent
    public var origin: Origin
    /// How it goes out, if decided already; nil for a deferred intent, planned at send
    /// time.
    public var plan: SendPlan?
    public var event: EventReference
    public var decidedAt: Date
    /// Not sent before this time.
    public var dueAt: Date

    public init(
        id: OutboxID, account: String, recipient: String, intent: Intent, origin: Origin, plan: SendPlan?,
        event: EventReference, decidedAt: Date, dueAt: Date
    ) {
        self.id = id
        self.account = account
        self.recipient = recipient
        self.intent = intent
        self.origin = origin
        self.plan = plan
        self.event = event
        self.decidedAt = decidedAt
        self.dueAt = dueAt
    }
}

extension OutboxEntry {
    /// The contact the entry is addressed to.
    public var contactKey: ContactKey { ContactKey(account: account, contact: recipient) }
}
