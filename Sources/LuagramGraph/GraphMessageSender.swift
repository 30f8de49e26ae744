import Foundation
import LuagramDomain

/// The engine's `MessageSender` on the Graph Send API: one `GraphRequest` per message, sent
/// with the account's token from the client's provider, Meta's errors handed on as classes.
/// Accounts connected with Facebook Login go through their Page, on the Facebook host.
public struct GraphMessageSender: MessageSender {
    public let client: GraphClient
    public let node: GraphNode
    /// The client for Facebook Login accounts (graph.facebook.com); `client` when nil.
    public let facebookClient: GraphClient?
    /// Accounts that are not connected with Instagram Login.
    public let logins: [String: GraphLogin]

    public init(client: GraphClient, node: GraphNode = .account, facebookClient: GraphClient? = nil, logins: [String: GraphLogin] = [:]) {
        self.client = client
        self.node = node
        self.facebookClient = facebookClient
        self.logins = logins
    }

    /// The client and node an account's calls use.
    func route(for account: String) -> (GraphClient, GraphNode) {
        switch logins[account] ?? .instagram {
        case .instagram: (client, node)
        case .facebook(let page): (facebookClient ?? client, .page(page))
        }
    }

    public func send(
        _ message: OutgoingMessage, to recipient: MessageRecipient, messagingType: MessagingType?, from account: String
    ) async throws(MessageSendError) -> String {
        try await sendReportingUsage(message, to: recipient, messagingType: messagingType, from: account).messageID
    }

    public func sendReportingUsage(
        _ message: OutgoingMessage, to recipient: MessageRecipient, messagingType: MessagingType?, from account: String
    ) async throws(MessageSendError) -> SentMessage {
        let (client, node) = route(for: account)
        let request: GraphRequest
        do {
            // The request builder ignores the type for a comment recipient (a private reply
            // has none on the wire), so any value does there.
            request = try GraphRequest.message(
                message, to: GraphRecipient(recipient), messagingType: messagingType ?? .response, from: account, node: node)
        } catch {
            // A plan the policy made always fits one call; if not, no retry would change that.
            throw MessageSendError(kind: .rejected, message: "not one Send API call: \(error)")
        }
        let result: GraphSendResult
        do {
            result = try await client.send(request)
        } catch {
            throw MessageSendError(error)
        }
        // Meta took the message but named no id. Treating that as a failure could send it
        // twice, so it counts as sent, under an id that says what happened.
        let messageID = result.messageID ?? "unknown:\(result.recipientID ?? "recipient")"
        return SentMessage(messageID: messageID, usage: result.usage?.metaUsage)
    }
}

extension GraphMessageSender {
    public func findDelivered(
        _ message: OutgoingMessage, to contact: String, from account: String, since: Date, excluding known: Set<String>
    ) async throws(MessageSendError) -> String? {
        // Attachments come back from the Conversations API as Meta's copies, not our URLs:
        // only text can be matched.
        guard let text = message.text else {
            throw MessageSendError(kind: .rejected, message: "a message without text cannot be found in the conversation")
        }
        let (client, node) = route(for: account)
        do {
            return try await client.findSentMessage(text: text, to: contact, from: account, node: node, since: since, excluding: known)
        } catch {
            throw MessageSendError(error)
        }
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

extension MessageSendError {
    /// Meta's error as the engine sees it: the class, the codes and Meta's message.
    public init(_ error: GraphError) {
        let kind: Kind =
            switch error.errorClass {
            case .permanentForContact: .permanentForContact
            case .reauthenticate: .reauthenticate
            case .configuration: .configuration
            case .throttled: .throttled(retryAfter: error.retryAfter)
            case .transient: .transient
            // Meta says the same call may succeed later (`is_transient`): a private reply,
            // which has one chance per comment, is worth another try.
            case .rejected where error.isTransient == true: .transient
            case .rejected: .rejected
            }
        self.init(kind: kind, code: error.code, subcode: error.subcode, message: error.message, mayHaveArrived: error.mayHaveArrived)
    }
}
