/// What a rule or an agent wants to send: text, an image, a file link and quick replies.
/// Whether and how it may be sent is decided by the policy, not here.
public struct OutgoingMessage: Sendable, Hashable {
    public var text: String?
    /// URL of an image to attach.
    public var image: String?
    /// URL of a file; Instagram cannot attach files, so it is sent as a link.
    public var file: String?
    public var quickReplies: [QuickReply]

    public init(text: String? = nil, image: String? = nil, file: String? = nil, quickReplies: [QuickReply] = []) {
        self.text = text
        self.image = image
        self.file = file
        self.quickReplies = quickReplies
    }
}

/// A button under a message that sends its payload back as the contact's answer.
public struct QuickReply: Sendable, Hashable {
    public var title: String
    public var payload: String

    public init(title: String, payload: String) {
        self.title = title
        self.payload = payload
    }
}
