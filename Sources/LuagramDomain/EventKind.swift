/// The kinds of event a rule can handle, by the name rules use in `on(kind, handler)`.
public enum EventKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// A direct message from a contact.
    case message
    /// A comment on one of the account's posts or reels.
    case comment
    /// A comment on the account's live video.
    case liveComment = "live_comment"
    /// A contact opened the conversation from an ig.me link or an ad (no message yet).
    case referral
    /// A contact tapped an ice breaker or a button.
    case postback
    /// A contact reacted to a message, or removed a reaction.
    case reaction
    /// A contact read the conversation up to a message.
    case read
    /// A message the business sent (by Luagram or by a person in the Instagram app).
    case echo

    /// Whether the event is a comment, which can be answered with one private reply.
    public var isComment: Bool { self == .comment || self == .liveComment }

    public static func < (lhs: EventKind, rhs: EventKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
