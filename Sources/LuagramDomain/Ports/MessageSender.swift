import Foundation

/// Delivers one message of a send plan to Instagram: one call, one message id.
///
/// One message per call, not a whole plan, so the sender can record each part as it goes
/// out and resume a plan at the part that failed instead of repeating the ones Meta has.
/// The adapter (`LuagramGraph.GraphMessageSender`) turns Meta's errors into
/// `MessageSendError`, so the engine decides what to do next without knowing the Graph API.
public protocol MessageSender: Sendable {
    /// Sends `message` from `account` and returns Meta's message id.
    ///
    /// - Parameter messagingType: how a message to a contact goes (RESPONSE or HUMAN_AGENT);
    ///   nil for a private reply, which Meta documents without one.
    func send(
        _ message: OutgoingMessage, to recipient: MessageRecipient, messagingType: MessagingType?, from account: String
    ) async throws(MessageSendError) -> String

    /// `send`, with what Meta's answer said about the account's usage, so the sender can
    /// slow down before Meta throttles. Senders that learn nothing of usage need not
    /// implement it.
    func sendReportingUsage(
        _ message: OutgoingMessage, to recipient: MessageRecipient, messagingType: MessagingType?, from account: String
    ) async throws(MessageSendError) -> SentMessage

    /// Looks in the conversation of `account` with `contact` for `message` sent at or after
    /// `since`, other than the messages `excluding` names (the ones Luagram knows it sent):
    /// Meta's message id if it is there, nil if not. How the sender settles a send whose
    /// answer never came (a time-out, a crash): it is sent again only when Meta does not
    /// have it, so it is neither lost nor sent twice.
    func findDelivered(
        _ message: OutgoingMessage, to contact: String, from account: String, since: Date, excluding known: Set<String>
    ) async throws(MessageSendError) -> String?
}

extension MessageSender {
    public func sendReportingUsage(
        _ message: OutgoingMessage, to recipient: MessageRecipient, messagingType: MessagingType?, from account: String
    ) async throws(MessageSendError) -> SentMessage {
        SentMessage(messageID: try await send(message, to: recipient, messagingType: messagingType, from: account))
    }
}

/// Who receives a message.
public enum MessageRecipient: Sendable, Hashable {
    /// A contact by Instagram-scoped id: a direct message in their conversation.
    case contact(String)
    /// The author of a comment, by the comment's id: a private reply.
    case comment(String)
}

/// Why a send failed, in the terms the sender acts on: the class decides between retrying,
/// giving up on this message and stopping the account; Meta's fields are kept for the record.
public struct MessageSendError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: Kind
    /// Meta's error `code`; nil when Meta did not answer (timeout, connection).
    public var code: Int?
    public var subcode: Int?
    /// Meta's message, or a sentence of the adapter's; never a token or the message body.
    public var message: String
    /// The call may have reached Meta before it failed (no answer in time, the connection
    /// closed after the request went out): the message may have been delivered.
    public var mayHaveArrived: Bool

    public init(kind: Kind, code: Int? = nil, subcode: Int? = nil, message: String, mayHaveArrived: Bool = false) {
        self.kind = kind
        self.code = code
        self.subcode = subcode
        self.message = message
        self.mayHaveArrived = mayHaveArrived
    }

    /// What a failure means for the sender.
    public enum Kind: Sendable, Hashable {
        /// This contact or comment cannot be messaged now (outside the window, blocked,
        /// comment already answered): give this message up, the account goes on.
        case permanentForContact
        /// The account's token is invalid, expired or revoked (190): stop the account until
        /// someone re-authorises it.
        case reauthenticate
        /// The app or account is not set up to send (permissions, capability, restrictions).
        case configuration
        /// Meta is rate-limiting the account: pause it, for `retryAfter` seconds when Meta said.
        case throttled(retryAfter: TimeInterval?)
        /// Meta or the network failed this time: the same call may succeed later.
        case transient
        /// Meta refused this one call (bad parameter, unfetchable media): retrying cannot help.
        case rejected
    }

    /// The failure as the outbox keeps it.
    public var failure: SendFailure {
        SendFailure(code: code, subcode: subcode, message: message)
    }

    public var description: String { code == nil ? "\(kind): \(message)" : "\(kind) \(failure)" }
}
