import Foundation
import LuagramDomain

/// The Send API bodies as Meta documents them. "Meta's send page" below is Instagram Login's,
/// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api;
/// Facebook Login's is
/// https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/send-message.
extension GraphRequest {
    /// One message as exactly one Send API call. `messagingType` applies to messages to a
    /// contact; a private reply carries neither `messaging_type` nor `tag`.
    ///
    /// A Send API `message` carries text or one attachment (every body on Meta's send page is
    /// one or the other), so a message with more than one part is refused here rather than
    /// silently cut; `messages(_:to:messagingType:from:node:)` splits it.
    public static func message(
        _ message: OutgoingMessage, to recipient: GraphRecipient, messagingType: MessagingType,
        from account: String, node: GraphNode = .account
    ) throws(GraphRequestError) -> GraphRequest {
        let parts = Part.parts(of: message)
        guard let part = parts.first else { throw .emptyMessage }
        guard parts.count == 1 else { throw .moreThanOnePart(parts.count) }
        return request(part, quickReplies: message.quickReplies, to: recipient, messagingType: messagingType, from: account, node: node)
    }

    /// A message as the Send API calls that deliver it, in order: the image, then the file,
    /// then the text. The quick replies ride on the last call, so the buttons come after the
    /// whole answer rather than between its parts.
    ///
    /// Meta takes one private reply per comment
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/private-replies)
    /// and refuses a second call with 100/2534025, so a comment recipient gets exactly one call
    /// or an error.
    public static func messages(
        _ message: OutgoingMessage, to recipient: GraphRecipient, messagingType: MessagingType,
        from account: String, node: GraphNode = .account
    ) throws(GraphRequestError) -> [GraphRequest] {
        let parts = Part.parts(of: message)
        guard !parts.isEmpty else { throw .emptyMessage }
        if case .comment = recipient, parts.count > 1 { throw .privateReplyNeedsOneCall(parts.count) }
        return parts.enumerated().map { index, part in
            let quickReplies = index == parts.count - 1 ? message.quickReplies : []
            return request(part, quickReplies: quickReplies, to: recipient, messagingType: messagingType, from: account, node: node)
        }
    }

    /// Typing indicator or read receipt; the body may hold only `recipient` and
    /// `sender_action`
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/sender-actions).
    public static func senderAction(
        _ action: GraphSenderAction, to contact: String, from account: String, node: GraphNode = .account
    ) -> GraphRequest {
        let body = SendBody(recipient: .init(id: contact), senderAction: action.rawValue)
        return GraphRequest(account: account, node: node, body: body.encoded())
    }

    /// React to a message with an emoji (`love` is the one both APIs document; Instagram Login
    /// takes any emoji), or change an earlier reaction (both send pages, above).
    public static func react(
        _ reaction: String, toMessage messageID: String, of contact: String, from account: String, node: GraphNode = .account
    ) -> GraphRequest {
        let body = SendBody(
            recipient: .init(id: contact), senderAction: "react",
            payload: .init(messageID: messageID, reaction: reaction))
        return GraphRequest(account: account, node: node, body: body.encoded())
    }

    /// Remove the account's reaction from a message (Meta's send page: `unreact` with only the
    /// message id).
    public static func unreact(
        message messageID: String, of contact: String, from account: String, node: GraphNode = .account
    ) -> GraphRequest {
        let body = SendBody(recipient: .init(id: contact), senderAction: "unreact", payload: .init(messageID: messageID))
        return GraphRequest(account: account, node: node, body: body.encoded())
    }

    private static func request(
        _ part: Part, quickReplies: [QuickReply], to recipient: GraphRecipient, messagingType: MessagingType,
        from account: String, node: GraphNode
    ) -> GraphRequest {
        var message = SendBody.Message()
        switch part {
        case .text(let text): message.text = text
        case .image(let url): message.attachment = .init(type: "image", payload: .init(url: url))
        case .file(let url): message.attachment = .init(type: "file", payload: .init(url: url))
        }
        // A private reply carries text only: Meta documents no quick replies for a
        // `comment_id` recipient (docs/sending-against-meta.md); the policy leaves them off,
        // and a row planned before it did loses them here.
        if !quickReplies.isEmpty, case .user = recipient {
            message.quickReplies = quickReplies.map { .init(contentType: "text", title: $0.title, payload: $0.payload) }
        }
        var body = SendBody(recipient: SendBody.Recipient(recipient), message: message)
        // A private reply answers a comment, not a conversation: no window applies and no tag
        // is needed, and Meta's documented body has neither (Meta's private replies page, above).
        if case .user = recipient {
            body.messagingType = messagingType.wireType
            body.tag = messagingType.wireTag
        }
        return GraphRequest(account: account, node: node, body: body.encoded())
    }

    /// What one Send API `message` can carry.
    private enum Part {
        case text(String)
        case image(String)
        case file(String)

        static func parts(of message: OutgoingMessage) -> [Part] {
            var parts: [Part] = []
            if let image = message.image { parts.append(.image(image)) }
            if let file = message.file { parts.append(.file(file)) }
            if let text = message.text, !text.isEmpty { parts.append(.text(text)) }
            return parts
        }
    }
}

extension MessagingType {
    /// Both `messaging_type` and `tag` for the human agent: Messenger requires the pair,
    /// Instagram accepts it (docs/meta-graph-api.md, "Human agent tag").
    var wireType: String {
        switch self {
        case .response: "RESPONSE"
        case .humanAgent: "MESSAGE_TAG"
        }
    }

    var wireTag: String? {
        switch self {
        case .response: nil
        case .humanAgent: "HUMAN_AGENT"
        }
    }
}
