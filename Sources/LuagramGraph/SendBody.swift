import Foundation

/// The Send API body as Meta names it. Absent fields are left out (synthesised `Encodable`
/// skips nil optionals), so each kind of call sends only the keys Meta documents for it.
struct SendBody: Encodable {
    var recipient: Recipient
    var messagingType: String?
    var tag: String?
    var message: Message?
    var senderAction: String?
    var payload: ReactionPayload?

    init(
        recipient: Recipient, messagingType: String? = nil, tag: String? = nil, message: Message? = nil,
        senderAction: String? = nil, payload: ReactionPayload? = nil
    ) {
        self.recipient = recipient
        self.messagingType = messagingType
        self.tag = tag
        self.message = message
        self.senderAction = senderAction
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case recipient, tag, message, payload
        case messagingType = "messaging_type"
        case senderAction = "sender_action"
    }

    struct Recipient: Encodable {
        var id: String?
        var commentID: String?

        init(id: String? = nil, commentID: String? = nil) {
            self.id = id
            self.commentID = commentID
        }

        init(_ recipient: GraphRecipient) {
            switch recipient {
            case .user(let id): self.init(id: id)
            case .comment(let id): self.init(commentID: id)
            }
        }

        enum CodingKeys: String, CodingKey {
            case id
            case commentID = "comment_id"
        }
    }

    struct Message: Encodable {
        var text: String?
        var attachment: Attachment?
        var quickReplies: [QuickReply]?

        enum CodingKeys: String, CodingKey {
            case text, attachment
            case quickReplies = "quick_replies"
        }
    }

    struct Attachment: Encodable {
        var type: String
        var payload: URLPayload
    }

    struct URLPayload: Encodable {
        var url: String
    }

    struct QuickReply: Encodable {
        var contentType: String
        var title: String
        var payload: String

        enum CodingKeys: String, CodingKey {
            case title, payload
            case contentType = "content_type"
        }
    }

    struct ReactionPayload: Encodable {
        var messageID: String
        var reaction: String?

        enum CodingKeys: String, CodingKey {
            case reaction
            case messageID = "message_id"
        }
    }

    /// Sorted keys so the same request is always the same bytes; unescaped slashes so URLs
    /// read as written.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            // Only strings in keyed containers: JSONEncoder fails only on non-finite numbers.
            preconditionFailure("a Send API body could not be encoded: \(error)")
        }
    }
}
