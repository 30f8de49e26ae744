import LuagramDomain

// The event table handlers receive: the fields `RuleSet.makeState` sets on every event, and
// the fields the webhook decoder adds per kind (`LuagramInstagram.EventField`). A field that
// several kinds share is described once, here, and each kind lists it.

extension RuleAPIDescription {
    static let commonEventFields: [APIField] = [
        APIField("kind", "luagram.EventKind", "what happened"),
        APIField("id", "string", "Meta's id of the event (a message id, a comment id, …), or one made from its content"),
        APIField("time", "number", "when it happened: seconds since 1970-01-01 UTC, with a fraction"),
        APIField("account", "string", "the Instagram account (professional account id) the event is for"),
        APIField("text", "string", optional: true, "the text, or nil (a sticker, a reaction, an attachment alone)"),
        APIField("attachments", "luagram.Attachment[]", "the attachments, in order (often empty)"),
        APIField("contact", "luagram.Contact", "the person on the other side, with their tags and values"),
        APIField(
            "from_self", "boolean",
            "true when the account itself wrote it (an echo, its own comment): don't answer your own messages"),
        APIField(
            "standby", "boolean", optional: true,
            "true when another app owns the conversation (Meta's handover protocol): watch; replies are refused (`thread_in_standby`)"),
        APIField(
            "test", "boolean", optional: true,
            "true on the App Dashboard's test payloads: their ids are made up, so replies are refused (`test_payload`)"),
        APIField("is_self", "boolean", optional: true, "true when Meta marks the item `is_self` (the account messaging itself)"),
    ]

    static let contact: [APIField] = [
        APIField("id", "string", "the contact's Instagram-scoped id (empty for a mention, whose author Meta does not name)"),
        APIField(
            "username", "string", optional: true,
            "the Instagram username: for a comment, from the webhook (`from.username`); for a DM, from Meta's User Profile API once looked up (from the contact's first DM when Meta answers within `serve`'s profile wait, 1.5 s; refreshed daily); absent when not known yet"),
        APIField(
            "name", "string", optional: true,
            "the profile name, from Meta's User Profile API for DM contacts (as `username`); absent when not known yet or when the user set none"),
        APIField(
            "display_name", "string",
            "the name, else the username, else the id: always something to greet with (a DM contact not looked up yet shows as their id)"),
        APIField("tags", "string[]", "the contact's labels, in the order they were put on"),
    ]

    // MARK: Kind-specific fields

    static let mid = APIField(
        "mid", "string",
        "the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)")
    static let replyTo = APIField(
        "reply_to", "luagram.ReplyTo", optional: true,
        "what the message replies to: `{mid = …}` for an inline reply, `{story = {id, url}}` for a reply to the account's story")
    static let quickReplyPayload = APIField(
        "quick_reply_payload", "string", optional: true, "the payload of the tapped quick reply (the tapped title is `ev.text`)")
    static let referral = APIField(
        "referral", "luagram.Referral", optional: true,
        "where the contact came from: an ig.me link (`ref`) or a Click-to-Instagram-Direct ad (`ad_id`, `ads_context_data`)")
    static let metadata = APIField("metadata", "string", optional: true, "the `metadata` string given to the Send API, when Meta returns it")
    static let appID = APIField(
        "app_id", "string", optional: true, "the app that sent the message, which tells Luagram's own sends from a person's in the Instagram app")
    static let numEdit = APIField("num_edit", "integer", optional: true, "how many times the message has been edited")
    static let targetMid = APIField("target_mid", "string", "the message reacted to")
    static let action = APIField("action", "\"react\"|\"unreact\"", "whether the reaction was added or removed")
    static let reaction = APIField(
        "reaction", "string", optional: true, "Meta's name for it (`love`, `like`, `laugh`, `wow`, `sad`, `angry`, `other`); nil on unreact")
    static let emoji = APIField("emoji", "string", optional: true, "the emoji itself; nil on unreact")
    static let watermark = APIField("watermark", "integer", optional: true, "the Messenger-style read watermark (epoch milliseconds), when sent")
    static let payload = APIField("payload", "string", optional: true, "the payload of the tapped button, ice breaker or menu item")
    static let title = APIField("title", "string", optional: true, "the title of the tapped button")
    static let commentID = APIField("comment_id", "string", "the comment's id (the same as `ev.id`)")
    static let from = APIField(
        "from", "luagram.CommentAuthor", "who wrote the comment: `{id, username, self_ig_scoped_id}` (also `ev.contact`)")
    static let media = APIField(
        "media", "luagram.Media", optional: true, "the commented media: `{id, media_product_type, ad_id, ad_title, original_media_id}`, keys as sent")
    static let parentID = APIField("parent_id", "string", optional: true, "the comment this one replies to")
    static let type = APIField(
        "type", "string", optional: true,
        "what kind of content or item it was, when that can be told (`\"share\"`, `\"pass_thread_control\"`, a `changes` field name, …)")
    static let raw = APIField("raw", "table", optional: true, "the item's JSON as Meta sent it, as Lua tables")
    static let fallbackText = APIField(
        "fallback_text", "string", optional: true, "what to show instead of content Luagram cannot represent (`\"Unsupported Message\"`)")

    /// The kinds, in `EventKind`'s order, with their own fields.
    static let kinds: [APIEventKind] = [
        APIEventKind(
            "message", "A direct message from a contact.",
            fields: [mid, replyTo, quickReplyPayload, referral, metadata, fallbackText]),
        APIEventKind(
            "comment", "A comment on one of the account's posts or reels; answer it once with `ev:private_reply`.",
            fields: [commentID, from, media, parentID]),
        APIEventKind(
            "live_comment", "A comment on the account's live video; a private reply must go while the video is live.",
            fields: [commentID, from, media, parentID]),
        APIEventKind(
            "referral", "A known contact opened the conversation from an ig.me link or an ad, without a message yet.",
            fields: [referral.asRequired]),
        APIEventKind(
            "postback", "A contact tapped an ice breaker, a button or a menu item.",
            fields: [mid.asOptional, payload, title, referral]),
        APIEventKind(
            "reaction", "A contact reacted to a message, or removed a reaction.",
            fields: [targetMid, action, reaction, emoji]),
        APIEventKind(
            "read", "A contact read the conversation up to a message.",
            fields: [mid.asOptional, watermark]),
        APIEventKind(
            "echo",
            "A message the account sent: by Luagram, or by a person in the Instagram app (which pauses automation for the contact).",
            fields: [mid, replyTo, quickReplyPayload, referral, metadata, appID, type, raw, fallbackText]),
        APIEventKind(
            "edit", "A contact edited a message they had sent; `ev.text` is the new text.",
            fields: [mid, numEdit]),
        APIEventKind(
            "deleted", "A message was unsent; Meta requires its content to be deleted too.",
            fields: [mid, fallbackText.asRequired]),
        APIEventKind(
            "unsupported",
            "A contact sent something Instagram's API cannot deliver or Luagram cannot represent (a shared profile, an avatar, …).",
            fields: [mid.asOptional, type, raw.asRequired, fallbackText.asRequired]),
        APIEventKind(
            "mention",
            "Someone @mentioned the account in a comment or a caption on other media; Meta names only the comment and the media, not the author.",
            fields: [commentID.asOptional, media]),
        APIEventKind(
            "unknown",
            "A webhook item Luagram does not recognise (a new Meta event, a handover, an opt-in), kept with its raw JSON.",
            fields: [type, raw.asRequired, fallbackText.asRequired]),
    ]

    static let eventKindAlias = APIAlias(
        "luagram.EventKind", "The kinds of event `on` accepts.",
        values: kinds.map { APIAlias.Value($0.name, $0.doc) })

    static let reasonCodeAlias = APIAlias(
        "luagram.ReasonCode", "Why the host refused or deferred an intent (`decision.reason`): stable codes.",
        values: ReasonCode.allCases.map { APIAlias.Value($0.rawValue, $0.explanation) })

    static let matchModeAlias = APIAlias(
        "luagram.MatchMode", "How `text.matches` compares a keyword with the text (both folded, word by word).",
        values: TextFunctions.MatchMode.allCases.map { mode in
            switch mode {
            case .is: APIAlias.Value("is", "the whole text is the keyword")
            case .contains: APIAlias.Value("contains", "the keyword appears somewhere in the text (the default)")
            case .starts: APIAlias.Value("starts", "the text begins with the keyword")
            case .ends: APIAlias.Value("ends", "the text ends with the keyword")
            }
        })
}
