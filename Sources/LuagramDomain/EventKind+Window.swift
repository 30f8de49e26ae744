extension EventKind {
    /// Whether the contact opened (or renewed) the messaging window with this event.
    ///
    /// The window counts from the contact's own inbound actions: messages — including story
    /// replies, story mentions, quick-reply taps and content Instagram cannot deliver
    /// (`is_unsupported`), which all arrive as messages — postbacks and referrals. Meta counts
    /// the window from the contact's message
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api), an ig.me
    /// link's referral resets it
    /// (https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/ig-me-links),
    /// and a persistent-menu postback opens it, as Meta's page on the menu says:
    /// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/persistent-menu.
    /// Comments and @mentions (answered by private replies, which open no window), echoes,
    /// reactions (a window opener only on Messenger, by Meta's messaging policy), reads, edits,
    /// unsends and unknown items do not.
    public var opensMessagingWindow: Bool {
        switch self {
        case .message, .postback, .referral, .unsupported:
            true
        case .comment, .liveComment, .mention, .reaction, .read, .echo, .edit, .deleted, .unknown:
            false
        }
    }
}
