/// What Meta answered to a successful call.
public struct GraphSendResult: Sendable, Hashable {
    /// Meta's id for the sent message (`message_id`); absent for reactions and sender
    /// actions, which return only `recipient_id`
    /// (https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/send-message).
    public var messageID: String?
    /// The contact's Instagram-scoped id (`recipient_id`); for a private reply this is how
    /// the commenter's IGSID becomes known.
    public var recipientID: String?
    /// The usage headers of the answer, if Meta sent them, so the rate limiter can slow down
    /// before Meta throttles.
    public var usage: GraphUsage?

    public init(messageID: String? = nil, recipientID: String? = nil, usage: GraphUsage? = nil) {
        self.messageID = messageID
        self.recipientID = recipientID
        self.usage = usage
    }
}
