import Foundation

/// The host's answer to one intent.
public enum Decision: Sendable, Hashable {
    /// A change of contact state (tag, untag, set, handoff): applied.
    case accept
    /// A message that may go out now, as planned.
    case send(SendPlan)
    /// A message that may go out later, once `until` has come: a follow-up's due time, a
    /// rate limit's next slot, the end of a throttling pause.
    case `defer`(until: Date, reason: ReasonCode)
    /// Not carried out, for a stable reason.
    case refuse(ReasonCode)

    /// Whether the intent is carried out (now or later).
    public var isAllowed: Bool {
        if case .refuse = self { return false }
        return true
    }

    /// The verdict's name, as rules and logs see it.
    public var verdict: String {
        switch self {
        case .accept: "accept"
        case .send: "send"
        case .defer: "defer"
        case .refuse: "refuse"
        }
    }
}

/// How an allowed message goes out: with which messaging type, as which messages (a long
/// text split, an attachment turned into a link), and what was changed on the way.
public struct SendPlan: Sendable, Hashable {
    public var messagingType: MessagingType
    public var messages: [OutgoingMessage]
    public var conversions: [Conversion]

    public init(messagingType: MessagingType, messages: [OutgoingMessage], conversions: [Conversion] = []) {
        self.messagingType = messagingType
        self.messages = messages
        self.conversions = conversions
    }
}

/// Meta's `messaging_type` (and tag) for a message.
public enum MessagingType: String, Sendable, Hashable {
    /// `RESPONSE`: within 24 hours of the contact's last message.
    case response = "RESPONSE"
    /// `MESSAGE_TAG` with `tag: HUMAN_AGENT`: a person answering within 7 days.
    case humanAgent = "HUMAN_AGENT"
}

/// A change the policy made to a message so that Instagram accepts it.
public enum Conversion: Sendable, Hashable {
    /// An attachment sent as a text carrying its URL, and why.
    case attachmentAsLink(url: String, why: String)
    /// A long text split into this many messages at word boundaries.
    case textSplit(parts: Int)
    /// Quick replies left off, and why (a private reply carries text only).
    case quickRepliesDropped(count: Int, why: String)
}

/// Decides on intents as they are recorded, so a rule learns the outcome at once.
/// Pure: it gets the time and the event, and performs no I/O.
public protocol IntentDecider: Sendable {
    func decide(_ intent: Intent, for event: Event, at now: Date) -> Decision
}
