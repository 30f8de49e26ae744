import Foundation

/// A message of a conversation as kept: received from the contact, or decided to be sent
/// by a rule or an agent, with what became of it.
public struct StoredMessage: Sendable, Hashable {
    /// The store's own id: outgoing messages have no Meta id until they are sent.
    public var id: Int64
    public var account: String
    public var contact: String
    public var direction: MessageDirection
    /// Meta's message id.
    public var mid: String?
    public var text: String?
    /// Attachments as Meta describes them (inbound), or the image and file sent (outbound).
    public var attachments: [Value]
    public var quickReplies: [QuickReply]
    /// `file:line` of the rule, or the agent, that asked for it.
    public var origin: String?
    public var status: MessageStatus
    /// What Meta answered when the send failed.
    public var failure: SendFailure?
    /// Why the policy refused it.
    public var refusal: ReasonCode?
    public var dryRun: Bool
    /// The outbox row and the position in its plan (a long text goes as several parts).
    public var outboxID: OutboxID?
    public var part: Int?
    /// When it was received, or decided.
    public var createdAt: Date
    public var sentAt: Date?
    public var deliveredAt: Date?
    public var readAt: Date?
    /// When its author unsent it; its text and attachments are then gone.
    public var unsentAt: Date?

    public init(
        id: Int64, account: String, contact: String, direction: MessageDirection, mid: String? = nil,
        text: String? = nil, attachments: [Value] = [], quickReplies: [QuickReply] = [], origin: String? = nil,
        status: MessageStatus, failure: SendFailure? = nil, refusal: ReasonCode? = nil, dryRun: Bool = false,
        outboxID: OutboxID? = nil, part: Int? = nil, createdAt: Date, sentAt: Date? = nil,
        deliveredAt: Date? = nil, readAt: Date? = nil, unsentAt: Date? = nil
    ) {
        self.id = id
        self.account = account
        self.contact = contact
        self.direction = direction
        self.mid = mid
        self.text = text
        self.attachments = attachments
        self.quickReplies = quickReplies
        self.origin = origin
        self.status = status
        self.failure = failure
        self.refusal = refusal
        self.dryRun = dryRun
        self.outboxID = outboxID
        self.part = part
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.deliveredAt = deliveredAt
        self.readAt = readAt
        self.unsentAt = unsentAt
    }
}
