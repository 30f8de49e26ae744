import LuagramDomain

// The `message` of a messaging item, which is one of five kinds: an unsend (`is_deleted`),
// content Meta cannot deliver (`is_unsupported`), an echo of the business' own message
// (`is_echo`), a message, or — when nothing in it can be shown — unsupported content.
extension BodyWalk {
    /// The `message` keys Luagram reads or knows to be harmless; any other key in a message
    /// with nothing readable names the content Luagram could not represent.
    private static let knownMessageKeys: Set<String> = [
        "mid", "text", "attachments", "reply_to", "quick_reply", "referral", "metadata", "app_id",
        "is_echo", "is_deleted", "is_unsupported", "is_self", "is_self_reply", "seq",
    ]

    mutating func message(_ message: [String: Value], item: MessagingItem, isEcho flagged: Bool) throws(ItemFailure) {
        let path = "\(item.path).message"
        // Meta flags every message the business sends; one that comes from the account without
        // the flag is still the account's own, and must not reach rules as a customer message.
        // (A self-messaging test, account to itself, stays a message.)
        let isEcho = flagged || (item.parties.fromSelf && item.parties.contact != item.parties.account)
        let mid = message["mid"]?.idString
        var fields = item.fields()
        if let mid { fields[EventField.mid] = .string(mid) }

        if message["is_deleted"]?.isTrue == true {
            guard let mid else { throw ItemFailure(path, "deleted message without mid") }
            fields[EventField.fallbackText] = .string(EventField.unsupportedMessage)
            emit(item.event(.deleted, id: mid, fields: fields))
            return
        }
        if message["is_unsupported"]?.isTrue == true, !isEcho {
            fields[EventField.fallbackText] = .string(EventField.unsupportedMessage)
            fields[EventField.raw] = .object(item.members)
            if let type = message["attachments"]?.arrayElements?.first?["type"]?.stringValue {
                fields[EventField.type] = .string(type)
            }
            let id = mid ?? Self.contentID(.unsupported, .object(item.members))
            emit(item.event(.unsupported, id: id, fields: fields))
            return
        }
        guard let mid else { throw ItemFailure(path, "message without mid") }

        let text = string(message["text"], path: "\(path).text")
        // Meta sends content it cannot deliver (a shared profile, an avatar, a poll) as an
        // attachment of type `unsupported_type`, with no URL: it is not something a rule can
        // show or answer like a picture, so it is taken out and the message, if nothing else
        // is left, is `unsupported` (issue 12, item 11).
        var attachments = self.attachments(message["attachments"], path: "\(path).attachments")
        let unsupportedCount = attachments.count
        attachments.removeAll { $0["type"]?.stringValue == Self.unsupportedAttachmentType }
        let hadUnsupported = attachments.count < unsupportedCount
        var hasContent = text != nil || !attachments.isEmpty
        if let replyTo = message["reply_to"], let normalised = self.replyTo(replyTo, path: "\(path).reply_to") {
            fields[EventField.replyTo] = normalised
        }
        if let quickReply = message["quick_reply"] {
            if let payload = quickReply["payload"]?.idString {
                fields[EventField.quickReplyPayload] = .string(payload)
                hasContent = true
            } else {
                report("\(path).quick_reply", "quick_reply without a payload string; ignored")
            }
        }
        if let referral = message["referral"], let normalised = self.referral(referral, path: "\(path).referral") {
            fields[EventField.referral] = normalised
            hasContent = true
        }
        if let metadata = string(message["metadata"], path: "\(path).metadata") {
            fields[EventField.metadata] = .string(metadata)
        }
        if let app = message["app_id"]?.idString { fields[EventField.appID] = .string(app) }

        let unreadable = !hasContent || message["is_unsupported"]?.isTrue == true
        if unreadable || hadUnsupported {
            fields[EventField.fallbackText] = .string(EventField.unsupportedMessage)
            fields[EventField.raw] = .object(item.members)
        }
        if unreadable {
            if hadUnsupported {
                fields[EventField.type] = .string(Self.unsupportedAttachmentType)
            } else if let type = message.keys.filter({ !Self.knownMessageKeys.contains($0) }).sorted().first {
                fields[EventField.type] = .string(type)
            }
        }
        // An echo stays an echo whatever it holds: echoes are how Luagram notices a person
        // answering from the Instagram app, and that must not depend on what they sent.
        let kind: EventKind = isEcho ? .echo : (unreadable ? .unsupported : .message)
        emit(item.event(kind, id: mid, text: text, attachments: attachments, fields: fields))
    }

    /// The attachment type Meta gives content its API cannot deliver.
    static let unsupportedAttachmentType = "unsupported_type"

    /// `reply_to {mid}` for an inline reply, `reply_to {story {id, url}}` for a story reply.
    private mutating func replyTo(_ value: Value, path: String) -> Value? {
        guard case .object(let members) = value else {
            report(path, "reply_to is \(value.typeName), not an object; ignored")
            return nil
        }
        var out: [String: Value] = [:]
        if let mid = members["mid"]?.idString {
            out["mid"] = .string(mid)
        } else if let story = members["story"]?.objectMembers {
            var storyOut: [String: Value] = [:]
            if let id = story["id"]?.idString { storyOut["id"] = .string(id) }
            if let url = story["url"]?.stringValue { storyOut["url"] = .string(url) }
            out["story"] = .object(storyOut)
        } else {
            report(path, "reply_to without mid or story; ignored")
            return nil
        }
        if members["is_self_reply"]?.isTrue == true { out["is_self_reply"] = true }
        return .object(out)
    }
}
