import Foundation

/// Everything one event changes, committed together by `EventStore.commit`.
///
/// The store writes what it is given and decides nothing: the engine has run the rules
/// and the policy already.
public struct EventOutcome: Sendable, Hashable {
    /// Committed with the rest; a second outcome with the same key is a `.duplicate`.
    public var key: EventKey
    /// The contact as it is to be stored: tags and values as the rules left them, the
    /// conversation with its window, handoff and private replies. A nil username or name
    /// keeps the stored one (webhooks rarely carry them).
    public var contact: ContactState
    /// Checked against the stored version (0: the contact must not exist yet); nil skips
    /// the check, for writers that own the contact by other means.
    public var basedOn: Int64?
    /// What the contact sent, kept as conversation history.
    public var inbound: InboundRecord?
    /// Sends the policy allowed now or deferred; each id is inserted at most once ever.
    public var outbox: [OutboxEntry]
    /// Every decision on the event's intents, in order. Refused messages are also kept
    /// as messages with status `refused`, so the history shows what was not sent.
    public var decisions: [DecisionRecord]
    /// A simulation: rows are marked so the sender never calls Meta for them.
    public var dryRun: Bool
    public var processedAt: Date

    public init(
        key: EventKey, contact: ContactState, basedOn: Int64? = nil, inbound: InboundRecord? = nil,
        outbox: [OutboxEntry] = [], decisions: [DecisionRecord] = [], dryRun: Bool = false, processedAt: Date
    ) {
        self.key = key
        self.contact = contact
        self.basedOn = basedOn
        self.inbound = inbound
        self.outbox = outbox
        self.decisions = decisions
        self.dryRun = dryRun
        self.processedAt = processedAt
    }
}
