import Foundation
import LuagramDomain

/// One question to the policy: may this intent, from this origin, to this recipient, in
/// answer to this event, go out — given what the host knows (`context`)?
public struct PolicyRequest: Sendable, Hashable {
    public var intent: Intent
    /// A rule (automated) or a human agent; only agents may use HUMAN_AGENT.
    public var origin: Origin
    /// The contact id the intent is addressed to.
    public var recipient: String
    /// The event being answered: its contact is the only allowed recipient, and a private
    /// reply answers it as a comment.
    public var event: Event
    public var context: PolicyContext
    /// When the intent was recorded: a follow-up is due `seconds` after it. Nil means now,
    /// which is right when an intent is first decided; the sender passes the original time
    /// when it checks again at send time.
    public var recordedAt: Date?

    public init(
        intent: Intent, origin: Origin, event: Event, recipient: String? = nil,
        context: PolicyContext = PolicyContext(), recordedAt: Date? = nil
    ) {
        self.intent = intent
        self.origin = origin
        self.recipient = recipient ?? event.contact.id
        self.event = event
        self.context = context
        self.recordedAt = recordedAt
    }
}

/// What the host knows around one request: the contact's conversation, the account's
/// rate state, and what it learned about the attachments' URLs.
public struct PolicyContext: Sendable, Hashable {
    public var conversation: ConversationState
    public var rate: RateState
    /// URL → what is known about it; a URL missing here is unknown and goes as a link.
    public var attachments: [String: AttachmentInfo]
    /// Whether the live video of a live comment has ended (private replies to live
    /// comments are allowed only while it is live, see `PrivateReplyRule`).
    public var liveBroadcastEnded: Bool

    public init(
        conversation: ConversationState = ConversationState(), rate: RateState = RateState(),
        attachments: [String: AttachmentInfo] = [:], liveBroadcastEnded: Bool = false
    ) {
        self.conversation = conversation
        self.rate = rate
        self.attachments = attachments
        self.liveBroadcastEnded = liveBroadcastEnded
    }
}
