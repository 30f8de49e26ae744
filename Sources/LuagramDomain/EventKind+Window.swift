extension EventKind {
    /// Whether the contact opened (or renewed) the messaging window with this event.
    ///
    /// The window counts from the contact's own inbound actions: messages — including story
    /// replies, story mentions, quick-reply taps and content Instagram cannot deliver
    /// (`is_unsupported`), which all arrive as messages — postbacks and referrals
    /// (instagram-platform.md §4.1 [S11][S22][S16]; checklist §9 item 6). Comments and
    /// @mentions (answered by private replies, §4.3), echoes, reactions (a window opener only
    /// on Messenger, §4.1), reads, edits, unsends and unknown items do not.
    public var opensMessagingWindow: Bool {
        switch self {
        case .message, .postback, .referral, .unsupported:
            true
        case .comment, .liveComment, .mention, .reaction, .read, .echo, .edit, .deleted, .unknown:
            false
        }
    }
}
