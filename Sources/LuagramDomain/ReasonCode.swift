/// Every reason the host gives for refusing or deferring an intent: stable codes for
/// programs, and a sentence a rule author understands.
///
/// The raw values are part of the rule API (`decision.reason` in Lua) and of stored
/// decisions: never rename one, only add.
public enum ReasonCode: String, Sendable, Hashable, CaseIterable {
    // MARK: Refusals

    /// Instagram has no broadcasts: messages go only to the contact of the event.
    case broadcastUnsupported = "broadcast_unsupported"
    /// A rule (not a person) tried to write more than 24 hours after the contact's last message.
    case automatedOutside24h = "automated_outside_24h"
    /// Nobody may write: the contact's last message is 7 days old or more, or there is none.
    case outsideWindow = "outside_window"
    /// A private reply was asked for on an event that is not a comment.
    case privateReplyNeedsComment = "private_reply_needs_comment"
    /// The comment already has its one private reply.
    case privateReplyAlreadySent = "private_reply_already_sent"
    /// The comment is 7 days old or more, or its live video has ended.
    case privateReplyExpired = "private_reply_expired"
    /// A private reply went out and the contact has not written since.
    case awaitingUserReply = "awaiting_user_reply"
    /// The text does not fit in the allowed number of messages.
    case textTooLong = "text_too_long"
    /// Too many quick replies, a title that is empty or too long, or nothing to hang them on.
    case invalidQuickReplies = "invalid_quick_replies"
    /// Nothing to send: no text, image or file.
    case emptyMessage = "empty_message"
    /// A human has the conversation; automation is paused for this contact.
    case humanHandoff = "human_handoff"
    /// An agent wrote more than 24 hours after the contact's last message, which takes the
    /// HUMAN_AGENT tag, and the tag is turned off (`serve --no-human-agent`).
    case humanAgentDisabled = "human_agent_disabled"
    /// A private reply was asked for on a comment the account wrote itself.
    case privateReplyOwnComment = "private_reply_own_comment"
    /// Another app holds the conversation (Meta delivers it to this app as `standby`); Meta
    /// refuses sends into it (100/2534037) until this app is given control again.
    case threadInStandby = "thread_in_standby"
    /// The event is one of the App Dashboard's sample payloads, whose ids are placeholders.
    case testPayload = "test_payload"

    // MARK: Deferrals (the intent still goes out, later)

    /// The account's send rate is at Meta's limit; the message waits for the next slot.
    case rateLimited = "rate_limited"
    /// Meta throttled the account; its sends wait until the pause is over.
    case accountThrottled = "account_throttled"
    /// A follow-up waits for its time.
    case followUpScheduled = "follow_up_scheduled"

    /// One sentence for the rule author: what happened and what to do instead.
    public var explanation: String {
        switch self {
        case .broadcastUnsupported:
            "Instagram has no broadcasts: a message can only answer the contact who wrote."
        case .automatedOutside24h:
            "The contact last wrote more than 24 hours ago, so only a human agent may answer now (up to 7 days), never a rule."
        case .outsideWindow:
            "The contact has not written in the last 7 days (comments do not count), so nobody may message them until they write again."
        case .privateReplyNeedsComment:
            "A private reply can only answer a comment; use reply for messages."
        case .privateReplyAlreadySent:
            "This comment already got its one private reply; Instagram allows only one per comment."
        case .privateReplyExpired:
            "Private replies must go within 7 days of the comment (for live comments, while the video is live), and this one is too late."
        case .awaitingUserReply:
            "A private reply was sent and the contact has not written since, so nothing more may go to them until they do."
        case .textTooLong:
            "The text is longer than the allowed messages of 1000 bytes each can carry (a private reply is one message); shorten it."
        case .invalidQuickReplies:
            "Quick replies must be at most 13, each with a title of 1 to 20 characters, under a message that has text."
        case .emptyMessage:
            "The message has no text, image or file, so there is nothing to send."
        case .humanHandoff:
            "A human agent has this conversation, so rules stay silent until it is released or the handoff times out."
        case .humanAgentDisabled:
            "The contact last wrote more than 24 hours ago, and answering now takes the HUMAN_AGENT tag, which is turned off (serve --no-human-agent), so nobody may write until the contact does."
        case .privateReplyOwnComment:
            "The comment was written by the account itself, so there is nobody to reply to privately."
        case .threadInStandby:
            "Another app holds this conversation (it arrives in standby), so nothing may be sent until it passes the conversation back."
        case .testPayload:
            "The event is a sample payload from Meta's App Dashboard Test button; its ids are placeholders, so nothing is sent."
        case .rateLimited:
            "The account is at Instagram's sending rate limit, so the message waits for the next free slot."
        case .accountThrottled:
            "Instagram throttled the account, so its messages wait until the pause is over."
        case .followUpScheduled:
            "The follow-up waits for its time and is checked again when it is due."
        }
    }
}
