import LuagramDomain

/// The keys the webhook decoder puts in `Event.fields`, which rules read as `ev.<key>`.
///
/// One list, so the engine (dedup, state), the rule API docs and the tests name them the same
/// way. None may be a name the rule API already gives the event table (`EventField.reserved`).
public enum EventField {
    /// Every event: whether the account itself is the author (an echo, the business deleting
    /// its own message, a comment by the account). Rules use it to avoid answering themselves.
    public static let fromSelf = EventFlag.fromSelf
    /// Set (true) on events from `entry[].standby[]`: another app owns the thread, so this app
    /// may watch but should not answer.
    public static let standby = EventFlag.standby
    /// Set (true) on the App Dashboard's "Test" payloads (`entry.id` is `"0"`); their ids are
    /// made up and nothing can be sent to them.
    public static let test = EventFlag.test
    /// Set (true) when Meta marks the item `is_self` (the account messaging itself).
    public static let isSelf = "is_self"

    /// The message the event is about: the message itself (message, echo, unsupported), the
    /// edited or unsent message (edit, deleted), the last message read (read), the button's
    /// message (postback, when Meta sends one).
    public static let mid = "mid"
    /// message, echo: `{mid = …}` for an inline reply, `{story = {id = …, url = …}}` for a reply
    /// to the account's story.
    public static let replyTo = "reply_to"
    /// message: the payload of the tapped quick reply (the tapped title is the text).
    public static let quickReplyPayload = "quick_reply_payload"
    /// message, postback, referral: `{ref, source, type, ad_id, ads_context_data = {ad_title,
    /// photo_url, video_url, post_id, product_id, flow_id}, product = {id}}`, keys present as sent.
    public static let referral = "referral"
    /// echo (and message, if Meta sends it): the `metadata` string given to the Send API.
    public static let metadata = "metadata"
    /// echo: the app that sent the message, which tells Luagram's own sends from a person's.
    public static let appID = "app_id"
    /// edit: how many times the message has been edited.
    public static let numEdit = "num_edit"

    /// reaction: the message reacted to.
    public static let targetMid = "target_mid"
    /// reaction: `"react"` or `"unreact"`.
    public static let action = "action"
    /// reaction: Meta's name for it (`love`, `like`, `laugh`, `wow`, `sad`, `angry`, `other`).
    public static let reaction = "reaction"
    /// reaction: the emoji itself.
    public static let emoji = "emoji"
    /// read: the Messenger-style read watermark (epoch ms), when sent.
    public static let watermark = "watermark"

    /// postback: the payload of the tapped button, ice breaker or menu item.
    public static let payload = "payload"
    /// postback: the title of the tapped button.
    public static let title = "title"

    /// comment, live_comment, mention: the comment's id (the same as `ev.id` when there is one).
    public static let commentID = "comment_id"
    /// comment, live_comment: `{id, username, self_ig_scoped_id}` of the author, keys present
    /// as sent (an ad comment may name only the username; the contact id is then
    /// `Contact.usernameOnlyID(_:)`).
    public static let from = "from"
    /// comment, live_comment, mention: `{id, media_product_type, ad_id, ad_title,
    /// original_media_id}` of the commented media, keys present as sent.
    public static let media = "media"
    /// comment, live_comment: the comment this one replies to.
    public static let parentID = "parent_id"

    /// unsupported, unknown: what kind of content or item it was, when that can be told
    /// (`"share"`, `"pass_thread_control"`, a `changes` field name, …).
    public static let type = "type"
    /// unsupported, unknown, and echoes of content Luagram cannot show: the item's JSON as Meta sent it.
    public static let raw = "raw"
    /// deleted, unsupported, unknown, echoes of content Luagram cannot show, and messages whose
    /// text came with an `unsupported_type` attachment: what to show instead of the content
    /// (`"Unsupported Message"`).
    public static let fallbackText = "fallback_text"

    /// The text shown for content Luagram cannot represent, as other Instagram tools show it.
    public static let unsupportedMessage = "Unsupported Message"

    /// Names the rule API already sets on the event table (the event's own properties and its
    /// methods); a field with one of these names would be hidden or would hide a method.
    public static let reserved: Set<String> = [
        "kind", "id", "time", "account", "contact", "text", "attachments",
        "reply", "private_reply", "follow_up", "handoff",
    ]
}
