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
    /// A contact edited a message they had sent (`message_edit`); the text is the new text.
    case edit
    /// A message was unsent (`is_deleted`); Meta requires its content to be deleted too.
    case deleted
    /// A contact sent something Instagram's API cannot deliver or Luagram cannot represent
    /// (`is_unsupported`, a shared profile, an avatar, …): rules get the fallback text and the raw item.
    case unsupported
    /// Someone @mentioned the account in a comment or a caption on other media; the payload names only
    /// the comment and media ids, not who wrote them.
    case mention
    /// A webhook item Luagram does not recognise (a new Meta event, a handover, an opt-in):
    /// kept with its raw JSON instead of being dropped.
    case unknown

    /// Whether the event is a comment, which can be answered with one private reply.
    public var isComment: Bool { self == .comment || self == .liveComment }

    public static func < (lhs: EventKind, rhs: EventKind) -> Bool { lhs.rawValue < rhs.rawValue }
}
