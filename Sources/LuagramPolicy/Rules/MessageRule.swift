import LuagramDomain

/// Turns what a rule or agent wants to send into the messages Instagram accepts (text
/// parts, image attachments, links), or refuses it: an empty message, bad quick replies, a
/// text too long. Composes `TextRule`, `QuickReplyRule` and `AttachmentRule`.
enum MessageRule {
    struct Planned: Equatable {
        var messages: [OutgoingMessage]
        var conversions: [Conversion]

        /// Send API calls per rate class: one per message, images as media.
        var calls: [RateClass: Int] {
            var calls: [RateClass: Int] = [:]
            for message in messages {
                calls[message.image == nil ? .text : .media, default: 0] += 1
            }
            return calls
        }
    }

    /// A reply in the conversation: as many messages as it takes (within the limits).
    ///
    /// Order: text, then the image, then the file link. With quick replies, the attachments
    /// go first and the text last, because Instagram shows quick replies under the last
    /// message only; quick replies with nothing textual to sit on are refused.
    static func plan(_ message: OutgoingMessage, attachments: [String: AttachmentInfo], limits: PolicyLimits) throws(Refusal) -> Planned {
        let text = try content(of: message, limits: limits)
        var conversions: [Conversion] = []
        let parts: [String] = if let text { try TextRule.parts(of: text, limits: limits) } else { [] }
        if parts.count > 1 { conversions.append(.textSplit(parts: parts.count)) }

        var planned: [AttachmentRule.Planned] = []
        if let image = nonEmpty(message.image) {
            // not learned yet: planned as an image, which the sender checks before sending
            planned.append(attachments[image].map { AttachmentRule.image(image, info: $0, limits: limits) } ?? .image(url: image))
        }
        if let file = nonEmpty(message.file) { planned.append(AttachmentRule.file(file)) }
        var attachmentMessages: [OutgoingMessage] = []
        for item in planned {
            switch item {
            case .image(let url):
                attachmentMessages.append(OutgoingMessage(image: url))
            case .link(let url, let why):
                guard url.utf8.count <= limits.maxTextBytes else { throw Refusal(.textTooLong) }
                attachmentMessages.append(OutgoingMessage(text: url))
                conversions.append(.attachmentAsLink(url: url, why: why))
            }
        }

        let textMessages = parts.map { OutgoingMessage(text: $0) }
        guard !message.quickReplies.isEmpty else {
            return Planned(messages: textMessages + attachmentMessages, conversions: conversions)
        }
        var messages = attachmentMessages + textMessages
        guard let last = messages.indices.last, messages[last].text != nil else {
            throw Refusal(.invalidQuickReplies)
        }
        messages[last].quickReplies = message.quickReplies
        return Planned(messages: messages, conversions: conversions)
    }

    /// A private reply: exactly one text message (one per comment, and the documented body is
    /// text only:
    /// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/private-replies),
    /// so attachments become links on their own
    /// lines, quick replies are left off and nothing is split. Meta's private-reply pages
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/private-replies)
    /// show a `comment_id` recipient with a text message only; quick replies there are
    /// undocumented, and a rejected call would cost the comment's one reply.
    static func planSingle(_ message: OutgoingMessage, limits: PolicyLimits) throws(Refusal) -> Planned {
        let text = try content(of: message, limits: limits)
        var lines = text.map { [$0] } ?? []
        var conversions: [Conversion] = []
        for url in [nonEmpty(message.image), nonEmpty(message.file)].compactMap({ $0 }) {
            lines.append(url)
            conversions.append(.attachmentAsLink(url: url, why: "a private reply carries text only"))
        }
        if !message.quickReplies.isEmpty {
            conversions.append(.quickRepliesDropped(count: message.quickReplies.count, why: "a private reply carries text only"))
        }
        let joined = lines.joined(separator: "\n")
        guard joined.utf8.count <= limits.maxTextBytes else { throw Refusal(.textTooLong) }
        return Planned(messages: [OutgoingMessage(text: joined)], conversions: conversions)
    }

    /// Refuses an empty message or bad quick replies; returns the text if there is any.
    /// Whitespace alone is no text: Instagram shows nothing for it.
    private static func content(of message: OutgoingMessage, limits: PolicyLimits) throws(Refusal) -> String? {
        let text = message.text.flatMap { $0.contains { !$0.isWhitespace } ? $0 : nil }
        guard text != nil || nonEmpty(message.image) != nil || nonEmpty(message.file) != nil else {
            throw Refusal(.emptyMessage)
        }
        try QuickReplyRule.check(message.quickReplies, limits: limits)
        return text
    }

    private static func nonEmpty(_ url: String?) -> String? {
        guard let url, !url.isEmpty else { return nil }
        return url
    }
}
