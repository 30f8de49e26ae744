import Foundation
import LuagramDomain
import LuagramGraph
import Synchronization

/// Stands in for Meta in a simulation: takes every message the sender would post, builds the
/// Send API request exactly as `GraphMessageSender` would, keeps it, and answers with a
/// made-up message id.
public final class SendRecorder: MessageSender {
    /// One Send API call the sender made.
    public struct Call: Sendable, Hashable {
        public var account: String
        public var recipient: MessageRecipient
        public var message: OutgoingMessage
        public var messagingType: MessagingType?
        /// The request body as it would be posted to `/{account}/messages`.
        public var body: Value
        public var messageID: String
    }

    private let calls = Mutex<[Call]>([])

    public init() {}

    /// Every call so far, oldest first.
    public var recorded: [Call] { calls.withLock { $0 } }

    public func send(
        _ message: OutgoingMessage, to recipient: MessageRecipient, messagingType: MessagingType?, from account: String
    ) async throws(MessageSendError) -> String {
        let body: Value
        do {
            body = try Self.body(of: message, to: recipient, messagingType: messagingType, from: account)
        } catch {
            throw MessageSendError(kind: .rejected, message: "not one Send API call: \(error)")
        }
        return calls.withLock { calls in
            let id = "sim.mid.\(calls.count + 1)"
            calls.append(
                Call(
                    account: account, recipient: recipient, message: message, messagingType: messagingType, body: body,
                    messageID: id))
            return id
        }
    }

    /// A recorded message with this text from `account` to `contact`: the simulation never
    /// loses an answer, so this only matters to a sender that restarted on the same store.
    public func findDelivered(
        _ message: OutgoingMessage, to contact: String, from account: String, since: Date, excluding known: Set<String>
    ) async throws(MessageSendError) -> String? {
        calls.withLock { calls in
            calls.last {
                $0.account == account && $0.recipient == .contact(contact) && $0.message == message && !known.contains($0.messageID)
            }?.messageID
        }
    }

    /// The body of the one Send API call that delivers `message`.
    static func body(of message: OutgoingMessage, to recipient: MessageRecipient, messagingType: MessagingType?, from account: String)
        throws -> Value
    {
        let request = try GraphRequest.message(
            message, to: GraphRecipient(recipient), messagingType: messagingType ?? .response, from: account)
        return try JSONText.parse(request.body)
    }

    /// The bodies of the calls that would deliver a whole plan, in order.
    static func bodies(of plan: SendPlan, to recipient: MessageRecipient, from account: String) -> [Value] {
        let messagingType: MessagingType? = if case .comment = recipient { nil } else { plan.messagingType }
        return plan.messages.compactMap { try? body(of: $0, to: recipient, messagingType: messagingType, from: account) }
    }
}

extension GraphRecipient {
    init(_ recipient: MessageRecipient) {
        switch recipient {
        case .contact(let id): self = .user(id)
        case .comment(let id): self = .comment(id)
        }
    }
}
