// The tables that cross the rule API besides the event: what rules pass in (handler options,
// messages) and what they get back (decisions) or read inside the event (attachments,
// referrals, comment authors, media).

extension RuleAPIDescription {
    static let ruleTables: [APITable] = [
        APITable(
            "luagram.HandlerOptions", "The third argument of `on`.",
            fields: [
                APIField("priority", "integer", optional: true, "handlers with a higher priority run first (default 0)"),
                APIField("name", "string", optional: true, "the handler's name in errors and decisions (default `\"file:line\"`)"),
            ]),
        APITable(
            "luagram.Message",
            "A message as rules write it (a plain string is the same as `{text = s}`). It needs text, an image or a file.",
            fields: [
                APIField("text", "string", optional: true, "the text; over 1000 bytes it is split at word boundaries (at most 3 messages)"),
                APIField("image", "string", optional: true, "the URL of an image: a png or jpeg up to 8 MB is attached, anything else is sent as a link"),
                APIField("file", "string", optional: true, "the URL of a file, sent as a link (Instagram cannot attach files)"),
                APIField(
                    "quick_replies", "(string|luagram.QuickReply)[]", optional: true,
                    "buttons under the text: titles, or `{title=, payload=}`; at most 13, titles of 1 to 20 characters"),
            ]),
        APITable(
            "luagram.QuickReply", "A quick reply with a payload different from its title.",
            fields: [
                APIField("title", "string", "what the button says (1 to 20 characters); the contact's answer is this text"),
                APIField("payload", "string", optional: true, "what `ev.quick_reply_payload` says when tapped (default: the title)"),
            ]),
        APITable(
            "luagram.Decision", "The host's decision on an intent, returned by every method that records one.",
            fields: [
                APIField("ok", "boolean", "true when the intent is carried out (now or later)"),
                APIField("verdict", "\"send\"|\"defer\"|\"refuse\"|\"accept\"", "send now, send later, not at all, or a state change applied"),
                APIField("reason", "luagram.ReasonCode", optional: true, "why it was refused or deferred"),
                APIField("message", "string", optional: true, "the reason explained in a sentence"),
                APIField("messaging_type", "\"RESPONSE\"|\"MESSAGE_TAG\"", optional: true, "how a message goes (send only)"),
                APIField("tag", "\"HUMAN_AGENT\"", optional: true, "the message tag, for a human agent's message"),
                APIField("messages", "integer", optional: true, "how many messages it goes as (a long text is split; send only)"),
                APIField("until", "number", optional: true, "when a deferred message goes: seconds since 1970-01-01 UTC (defer only)"),
            ]),
        APITable(
            "luagram.Attachment", "An attachment of a message, with Meta's type names (unknown types keep their name).",
            fields: [
                APIField(
                    "type", "string",
                    "`image`, `video`, `audio`, `file`, `share`, `ig_post`, `ig_reel`, `story_mention`, `ig_story`, `ephemeral`, `template`, …"),
                APIField("url", "string", optional: true, "where the content is (Meta's CDN; expires)"),
                APIField("id", "string", optional: true, "the media id (posts, reels, stories)"),
                APIField("title", "string", optional: true, "the title, when Meta gives one"),
                APIField("sticker_id", "string", optional: true, "the sticker, for stickers"),
                APIField("payload", "table", optional: true, "Meta's payload untouched, for types Luagram does not know"),
            ]),
        APITable(
            "luagram.Referral", "Where a contact came from: an ig.me link or an ad. Keys are present as Meta sent them.",
            fields: [
                APIField("ref", "string", optional: true, "the `ref` parameter of the ig.me link"),
                APIField("source", "string", optional: true, "`SHORTLINK`, `ADS`, …"),
                APIField("type", "string", optional: true, "`OPEN_THREAD`, …"),
                APIField("ad_id", "string", optional: true, "the ad, for Click-to-Instagram-Direct ads"),
                APIField("ads_context_data", "luagram.AdsContext", optional: true, "what the ad showed"),
                APIField("product", "luagram.ReferralProduct", optional: true, "the product the contact asked about"),
            ]),
        APITable(
            "luagram.AdsContext", "What a Click-to-Instagram-Direct ad showed. Keys are present as Meta sent them.",
            fields: [
                APIField("ad_title", "string", optional: true, "the ad's title"),
                APIField("photo_url", "string", optional: true, "the ad's image"),
                APIField("video_url", "string", optional: true, "the ad's video"),
                APIField("post_id", "string", optional: true, "the post the ad promotes"),
                APIField("product_id", "string", optional: true, "the product the ad promotes"),
                APIField("flow_id", "string", optional: true, "the ad's conversation flow"),
            ]),
        APITable(
            "luagram.ReferralProduct", "The product a referral names.",
            fields: [APIField("id", "string", "the product's id")]),
        APITable(
            "luagram.ReplyTo", "What a message replies to: a message, or the account's story.",
            fields: [
                APIField("mid", "string", optional: true, "the message replied to"),
                APIField("story", "luagram.StoryReference", optional: true, "the story replied to"),
                APIField("is_self_reply", "boolean", optional: true, "true when the contact replied to their own message"),
            ]),
        APITable(
            "luagram.StoryReference", "A story of the account.",
            fields: [
                APIField("id", "string", optional: true, "the story's media id"),
                APIField("url", "string", optional: true, "the story's media (Meta's CDN; expires)"),
            ]),
        APITable(
            "luagram.CommentAuthor", "Who wrote a comment.",
            fields: [
                APIField(
                    "id", "string", optional: true,
                    "the author's Instagram-scoped id (the account itself for its own comments); absent when Meta names the author by username only, as on some ad comments (`ev.contact.id` is then `@username`)"),
                APIField("username", "string", optional: true, "the author's username"),
                APIField("self_ig_scoped_id", "string", optional: true, "set on the account's own comments"),
            ]),
        APITable(
            "luagram.Media", "The media a comment or a mention is on. Keys are present as Meta sent them.",
            fields: [
                APIField("id", "string", optional: true, "the media id"),
                APIField("media_product_type", "string", optional: true, "`FEED`, `REELS`, `AD`, …"),
                APIField("ad_id", "string", optional: true, "the ad, for comments on an ad"),
                APIField("ad_title", "string", optional: true, "the ad's title"),
                APIField("original_media_id", "string", optional: true, "the organic post an ad was made from"),
            ]),
    ]
}
