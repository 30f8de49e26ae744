---@meta luagram
-- Luagram's rule API for the Lua language server (LuaLS): completion, docs and type checks.
-- Generated from the rule API registry (Sources/LuagramRules/API) by
-- `luagram init --editor-files-only DIR`; do not edit, regenerate it.

---The kinds of event `on` accepts.
---@alias luagram.EventKind
---| "message" # A direct message from a contact.
---| "comment" # A comment on one of the account's posts or reels; answer it once with `ev:private_reply`.
---| "live_comment" # A comment on the account's live video; a private reply must go while the video is live.
---| "referral" # A known contact opened the conversation from an ig.me link or an ad, without a message yet.
---| "postback" # A contact tapped an ice breaker, a button or a menu item.
---| "reaction" # A contact reacted to a message, or removed a reaction.
---| "read" # A contact read the conversation up to a message.
---| "echo" # A message the account sent: by Luagram, or by a person in the Instagram app (which pauses automation for the contact).
---| "edit" # A contact edited a message they had sent; `ev.text` is the new text.
---| "deleted" # A message was unsent; Meta requires its content to be deleted too.
---| "unsupported" # A contact sent something Instagram's API cannot deliver or Luagram cannot represent (a shared profile, an avatar, …).
---| "mention" # Someone @mentioned the account in a comment or a caption on other media; Meta names only the comment and the media, not the author.
---| "unknown" # A webhook item Luagram does not recognise (a new Meta event, a handover, an opt-in), kept with its raw JSON.

---Why the host refused or deferred an intent (`decision.reason`): stable codes.
---@alias luagram.ReasonCode
---| "broadcast_unsupported" # Instagram has no broadcasts: a message can only answer the contact who wrote.
---| "automated_outside_24h" # The contact last wrote more than 24 hours ago, so only a human agent may answer now (up to 7 days), never a rule.
---| "outside_window" # The contact has not written in the last 7 days (comments do not count), so nobody may message them until they write again.
---| "private_reply_needs_comment" # A private reply can only answer a comment; use reply for messages.
---| "private_reply_already_sent" # This comment already got its one private reply; Instagram allows only one per comment.
---| "private_reply_expired" # Private replies must go within 7 days of the comment (for live comments, while the video is live), and this one is too late.
---| "awaiting_user_reply" # A private reply was sent and the contact has not written since, so nothing more may go to them until they do.
---| "text_too_long" # The text is longer than the allowed messages of 1000 bytes each can carry (a private reply is one message); shorten it.
---| "invalid_quick_replies" # Quick replies must be at most 13, each with a title of 1 to 20 characters, under a message that has text.
---| "empty_message" # The message has no text, image or file, so there is nothing to send.
---| "human_handoff" # A human agent has this conversation, so rules stay silent until it is released or the handoff times out.
---| "human_agent_disabled" # The contact last wrote more than 24 hours ago, and answering now takes the HUMAN_AGENT tag, which is turned off (serve --no-human-agent), so nobody may write until the contact does.
---| "private_reply_own_comment" # The comment was written by the account itself, so there is nobody to reply to privately.
---| "thread_in_standby" # Another app holds this conversation (it arrives in standby), so nothing may be sent until it passes the conversation back.
---| "test_payload" # The event is a sample payload from Meta's App Dashboard Test button; its ids are placeholders, so nothing is sent.
---| "rate_limited" # The account is at Instagram's sending rate limit, so the message waits for the next free slot.
---| "account_throttled" # Instagram throttled the account, so its messages wait until the pause is over.
---| "follow_up_scheduled" # The follow-up waits for its time and is checked again when it is due.

---How `text.matches` compares a keyword with the text (both folded, word by word).
---@alias luagram.MatchMode
---| "is" # the whole text is the keyword
---| "contains" # the keyword appears somewhere in the text (the default)
---| "starts" # the text begins with the keyword
---| "ends" # the text ends with the keyword

---The third argument of `on`.
---@class luagram.HandlerOptions
---@field priority? integer handlers with a higher priority run first (default 0)
---@field name? string the handler's name in errors and decisions (default `"file:line"`)

---A message as rules write it (a plain string is the same as `{text = s}`). It needs text, an image or a file.
---@class luagram.Message
---@field text? string the text; over 1000 bytes it is split at word boundaries (at most 3 messages)
---@field image? string the URL of an image: a png or jpeg up to 8 MB is attached, anything else is sent as a link
---@field file? string the URL of a file, sent as a link (Instagram cannot attach files)
---@field quick_replies? (string|luagram.QuickReply)[] buttons under the text: titles, or `{title=, payload=}`; at most 13, titles of 1 to 20 characters

---A quick reply with a payload different from its title.
---@class luagram.QuickReply
---@field title string what the button says (1 to 20 characters); the contact's answer is this text
---@field payload? string what `ev.quick_reply_payload` says when tapped (default: the title)

---The host's decision on an intent, returned by every method that records one.
---@class luagram.Decision
---@field ok boolean true when the intent is carried out (now or later)
---@field verdict "send"|"defer"|"refuse"|"accept" send now, send later, not at all, or a state change applied
---@field reason? luagram.ReasonCode why it was refused or deferred
---@field message? string the reason explained in a sentence
---@field messaging_type? "RESPONSE"|"MESSAGE_TAG" how a message goes (send only)
---@field tag? "HUMAN_AGENT" the message tag, for a human agent's message
---@field messages? integer how many messages it goes as (a long text is split; send only)
---@field until? number when a deferred message goes: seconds since 1970-01-01 UTC (defer only)

---An attachment of a message, with Meta's type names (unknown types keep their name).
---@class luagram.Attachment
---@field type string `image`, `video`, `audio`, `file`, `share`, `ig_post`, `ig_reel`, `story_mention`, `ig_story`, `ephemeral`, `template`, …
---@field url? string where the content is (Meta's CDN; expires)
---@field id? string the media id (posts, reels, stories)
---@field title? string the title, when Meta gives one
---@field sticker_id? string the sticker, for stickers
---@field payload? table Meta's payload untouched, for types Luagram does not know

---Where a contact came from: an ig.me link or an ad. Keys are present as Meta sent them.
---@class luagram.Referral
---@field ref? string the `ref` parameter of the ig.me link
---@field source? string `SHORTLINK`, `ADS`, …
---@field type? string `OPEN_THREAD`, …
---@field ad_id? string the ad, for Click-to-Instagram-Direct ads
---@field ads_context_data? luagram.AdsContext what the ad showed
---@field product? luagram.ReferralProduct the product the contact asked about

---What a Click-to-Instagram-Direct ad showed. Keys are present as Meta sent them.
---@class luagram.AdsContext
---@field ad_title? string the ad's title
---@field photo_url? string the ad's image
---@field video_url? string the ad's video
---@field post_id? string the post the ad promotes
---@field product_id? string the product the ad promotes
---@field flow_id? string the ad's conversation flow

---The product a referral names.
---@class luagram.ReferralProduct
---@field id string the product's id

---What a message replies to: a message, or the account's story.
---@class luagram.ReplyTo
---@field mid? string the message replied to
---@field story? luagram.StoryReference the story replied to
---@field is_self_reply? boolean true when the contact replied to their own message

---A story of the account.
---@class luagram.StoryReference
---@field id? string the story's media id
---@field url? string the story's media (Meta's CDN; expires)

---Who wrote a comment.
---@class luagram.CommentAuthor
---@field id? string the author's Instagram-scoped id (the account itself for its own comments); absent when Meta names the author by username only, as on some ad comments (`ev.contact.id` is then `@username`)
---@field username? string the author's username
---@field self_ig_scoped_id? string set on the account's own comments

---The media a comment or a mention is on. Keys are present as Meta sent them.
---@class luagram.Media
---@field id? string the media id
---@field media_product_type? string `FEED`, `REELS`, `AD`, …
---@field ad_id? string the ad, for comments on an ad
---@field ad_title? string the ad's title
---@field original_media_id? string the organic post an ad was made from

---The event handed to handlers: read-only (writes fail) and shared by every handler of the event.
---Kind-specific fields are nil on other kinds; `luagram.MessageEvent` and the other per-kind classes list each kind's own.
---@class luagram.Event
---@field kind luagram.EventKind what happened
---@field id string Meta's id of the event (a message id, a comment id, …), or one made from its content
---@field time number when it happened: seconds since 1970-01-01 UTC, with a fraction
---@field account string the Instagram account (professional account id) the event is for
---@field text? string the text, or nil (a sticker, a reaction, an attachment alone)
---@field attachments luagram.Attachment[] the attachments, in order (often empty)
---@field contact luagram.Contact the person on the other side, with their tags and values
---@field from_self boolean true when the account itself wrote it (an echo, its own comment): don't answer your own messages
---@field standby? boolean true when another app owns the conversation (Meta's handover protocol): watch; replies are refused (`thread_in_standby`)
---@field test? boolean true on the App Dashboard's test payloads: their ids are made up, so replies are refused (`test_payload`)
---@field is_self? boolean true when Meta marks the item `is_self` (the account messaging itself)
---@field mid? string (message, postback, read, echo, edit, deleted, unsupported) the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field reply_to? luagram.ReplyTo (message, echo) what the message replies to: `{mid = …}` for an inline reply, `{story = {id, url}}` for a reply to the account's story
---@field quick_reply_payload? string (message, echo) the payload of the tapped quick reply (the tapped title is `ev.text`)
---@field referral? luagram.Referral (message, referral, postback, echo) where the contact came from: an ig.me link (`ref`) or a Click-to-Instagram-Direct ad (`ad_id`, `ads_context_data`)
---@field metadata? string (message, echo) the `metadata` string given to the Send API, when Meta returns it
---@field fallback_text? string (message, echo, deleted, unsupported, unknown) what to show instead of content Luagram cannot represent (`"Unsupported Message"`)
---@field comment_id? string (comment, live_comment, mention) the comment's id (the same as `ev.id`)
---@field from? luagram.CommentAuthor (comment, live_comment) who wrote the comment: `{id, username, self_ig_scoped_id}` (also `ev.contact`)
---@field media? luagram.Media (comment, live_comment, mention) the commented media: `{id, media_product_type, ad_id, ad_title, original_media_id}`, keys as sent
---@field parent_id? string (comment, live_comment) the comment this one replies to
---@field payload? string (postback) the payload of the tapped button, ice breaker or menu item
---@field title? string (postback) the title of the tapped button
---@field target_mid? string (reaction) the message reacted to
---@field action? "react"|"unreact" (reaction) whether the reaction was added or removed
---@field reaction? string (reaction) Meta's name for it (`love`, `like`, `laugh`, `wow`, `sad`, `angry`, `other`); nil on unreact
---@field emoji? string (reaction) the emoji itself; nil on unreact
---@field watermark? integer (read) the Messenger-style read watermark (epoch milliseconds), when sent
---@field app_id? string (echo) the app that sent the message, which tells Luagram's own sends from a person's in the Instagram app
---@field type? string (echo, unsupported, unknown) what kind of content or item it was, when that can be told (`"share"`, `"pass_thread_control"`, a `changes` field name, …)
---@field raw? table (echo, unsupported, unknown) the item's JSON as Meta sent it, as Lua tables
---@field num_edit? integer (edit) how many times the message has been edited
local Event = {}

---Answers in the conversation. Within 24 hours of the contact's last message it goes as `RESPONSE`; after that a rule is refused (`automated_outside_24h`: only a human agent may answer then). Long texts are split at word boundaries (at most 3 messages of 1000 bytes); at most 13 quick replies of 20 characters.
---@param msg string|luagram.Message a text, or a table `{text=, image=, file=, quick_replies=}`
---@return luagram.Decision decision the host's decision: `{ok = true, verdict = "send"}`, `"defer"` with `until` and `reason`, or `{ok = false, verdict = "refuse", reason = …, message = …}`
function Event:reply(msg) end

---Answers a comment in the commenter's inbox (`comment` and `live_comment` events only; on any other kind it is an error). One per comment, within 7 days (for live comments, while the video is live), and nothing more goes to the contact until they write.
---@param msg string|luagram.Message a text, or a table `{text=, image=, file=, quick_replies=}`
---@return luagram.Decision decision the host's decision: `{ok = true, verdict = "send"}`, `"defer"` with `until` and `reason`, or `{ok = false, verdict = "refuse", reason = …, message = …}`
function Event:private_reply(msg) end

---Sends the message later. The decision now is `defer` until the due time (`follow_up_scheduled`), or a refusal; the messaging window is checked again when it comes due.
---@param seconds number the delay, from 1 second to 604800 (7 days)
---@param msg string|luagram.Message a text, or a table `{text=, image=, file=, quick_replies=}`
---@return luagram.Decision decision the host's decision: `{ok = true, verdict = "send"}`, `"defer"` with `until` and `reason`, or `{ok = false, verdict = "refuse", reason = …, message = …}`
function Event:follow_up(seconds, msg) end

---Hands the conversation to a person: rules are refused (`human_handoff`) for this contact until an agent releases it or the handoff times out.
---@param reason? string why, for the agents and the logs
---@return luagram.Decision decision `{ok = true, verdict = "accept"}`, or a refusal
function Event:handoff(reason) end

---A direct message from a contact.
---@class luagram.MessageEvent: luagram.Event
---@field kind "message"
---@field mid string the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field reply_to? luagram.ReplyTo what the message replies to: `{mid = …}` for an inline reply, `{story = {id, url}}` for a reply to the account's story
---@field quick_reply_payload? string the payload of the tapped quick reply (the tapped title is `ev.text`)
---@field referral? luagram.Referral where the contact came from: an ig.me link (`ref`) or a Click-to-Instagram-Direct ad (`ad_id`, `ads_context_data`)
---@field metadata? string the `metadata` string given to the Send API, when Meta returns it
---@field fallback_text? string what to show instead of content Luagram cannot represent (`"Unsupported Message"`)

---A comment on one of the account's posts or reels; answer it once with `ev:private_reply`.
---@class luagram.CommentEvent: luagram.Event
---@field kind "comment"
---@field comment_id string the comment's id (the same as `ev.id`)
---@field from luagram.CommentAuthor who wrote the comment: `{id, username, self_ig_scoped_id}` (also `ev.contact`)
---@field media? luagram.Media the commented media: `{id, media_product_type, ad_id, ad_title, original_media_id}`, keys as sent
---@field parent_id? string the comment this one replies to

---A comment on the account's live video; a private reply must go while the video is live.
---@class luagram.LiveCommentEvent: luagram.Event
---@field kind "live_comment"
---@field comment_id string the comment's id (the same as `ev.id`)
---@field from luagram.CommentAuthor who wrote the comment: `{id, username, self_ig_scoped_id}` (also `ev.contact`)
---@field media? luagram.Media the commented media: `{id, media_product_type, ad_id, ad_title, original_media_id}`, keys as sent
---@field parent_id? string the comment this one replies to

---A known contact opened the conversation from an ig.me link or an ad, without a message yet.
---@class luagram.ReferralEvent: luagram.Event
---@field kind "referral"
---@field referral luagram.Referral where the contact came from: an ig.me link (`ref`) or a Click-to-Instagram-Direct ad (`ad_id`, `ads_context_data`)

---A contact tapped an ice breaker, a button or a menu item.
---@class luagram.PostbackEvent: luagram.Event
---@field kind "postback"
---@field mid? string the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field payload? string the payload of the tapped button, ice breaker or menu item
---@field title? string the title of the tapped button
---@field referral? luagram.Referral where the contact came from: an ig.me link (`ref`) or a Click-to-Instagram-Direct ad (`ad_id`, `ads_context_data`)

---A contact reacted to a message, or removed a reaction.
---@class luagram.ReactionEvent: luagram.Event
---@field kind "reaction"
---@field target_mid string the message reacted to
---@field action "react"|"unreact" whether the reaction was added or removed
---@field reaction? string Meta's name for it (`love`, `like`, `laugh`, `wow`, `sad`, `angry`, `other`); nil on unreact
---@field emoji? string the emoji itself; nil on unreact

---A contact read the conversation up to a message.
---@class luagram.ReadEvent: luagram.Event
---@field kind "read"
---@field mid? string the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field watermark? integer the Messenger-style read watermark (epoch milliseconds), when sent

---A message the account sent: by Luagram, or by a person in the Instagram app (which pauses automation for the contact).
---@class luagram.EchoEvent: luagram.Event
---@field kind "echo"
---@field mid string the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field reply_to? luagram.ReplyTo what the message replies to: `{mid = …}` for an inline reply, `{story = {id, url}}` for a reply to the account's story
---@field quick_reply_payload? string the payload of the tapped quick reply (the tapped title is `ev.text`)
---@field referral? luagram.Referral where the contact came from: an ig.me link (`ref`) or a Click-to-Instagram-Direct ad (`ad_id`, `ads_context_data`)
---@field metadata? string the `metadata` string given to the Send API, when Meta returns it
---@field app_id? string the app that sent the message, which tells Luagram's own sends from a person's in the Instagram app
---@field type? string what kind of content or item it was, when that can be told (`"share"`, `"pass_thread_control"`, a `changes` field name, …)
---@field raw? table the item's JSON as Meta sent it, as Lua tables
---@field fallback_text? string what to show instead of content Luagram cannot represent (`"Unsupported Message"`)

---A contact edited a message they had sent; `ev.text` is the new text.
---@class luagram.EditEvent: luagram.Event
---@field kind "edit"
---@field mid string the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field num_edit? integer how many times the message has been edited

---A message was unsent; Meta requires its content to be deleted too.
---@class luagram.DeletedEvent: luagram.Event
---@field kind "deleted"
---@field mid string the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field fallback_text string what to show instead of content Luagram cannot represent (`"Unsupported Message"`)

---A contact sent something Instagram's API cannot deliver or Luagram cannot represent (a shared profile, an avatar, …).
---@class luagram.UnsupportedEvent: luagram.Event
---@field kind "unsupported"
---@field mid? string the message the event is about: the message itself (message, echo, unsupported), the edited or unsent message (edit, deleted), the last message read (read), the button's message (postback)
---@field type? string what kind of content or item it was, when that can be told (`"share"`, `"pass_thread_control"`, a `changes` field name, …)
---@field raw table the item's JSON as Meta sent it, as Lua tables
---@field fallback_text string what to show instead of content Luagram cannot represent (`"Unsupported Message"`)

---Someone @mentioned the account in a comment or a caption on other media; Meta names only the comment and the media, not the author.
---@class luagram.MentionEvent: luagram.Event
---@field kind "mention"
---@field comment_id? string the comment's id (the same as `ev.id`)
---@field media? luagram.Media the commented media: `{id, media_product_type, ad_id, ad_title, original_media_id}`, keys as sent

---A webhook item Luagram does not recognise (a new Meta event, a handover, an opt-in), kept with its raw JSON.
---@class luagram.UnknownEvent: luagram.Event
---@field kind "unknown"
---@field type? string what kind of content or item it was, when that can be told (`"share"`, `"pass_thread_control"`, a `changes` field name, …)
---@field raw table the item's JSON as Meta sent it, as Lua tables
---@field fallback_text string what to show instead of content Luagram cannot represent (`"Unsupported Message"`)

---The person on the other side of the event. Its fields are read-only; change tags and values with its methods.
---@class luagram.Contact
---@field id string the contact's Instagram-scoped id (empty for a mention, whose author Meta does not name)
---@field username? string the Instagram username: for a comment, from the webhook (`from.username`); for a DM, from Meta's User Profile API once looked up (from the contact's first DM when Meta answers within `serve`'s profile wait, 1.5 s; refreshed daily); absent when not known yet
---@field name? string the profile name, from Meta's User Profile API for DM contacts (as `username`); absent when not known yet or when the user set none
---@field display_name string the name, else the username, else the id: always something to greet with (a DM contact not looked up yet shows as their id)
---@field tags string[] the contact's labels, in the order they were put on
local Contact = {}

---Puts a label on the contact; `ev.contact.tags` shows it at once. Tags are kept with the contact.
---@param name string the label (not empty)
---@return luagram.Decision decision `{ok = true, verdict = "accept"}`, or a refusal
function Contact:tag(name) end

---Removes a label from the contact.
---@param name string the label (not empty)
---@return luagram.Decision decision `{ok = true, verdict = "accept"}`, or a refusal
function Contact:untag(name) end

---Whether the contact has a label, including one put on by an earlier handler of this event.
---@param name string the label (not empty)
---@return boolean tagged whether the contact has the label
function Contact:has_tag(name) end

---Reads a value kept on the contact with `set`.
---@param key string the value's key (not empty)
---@return any value the value kept under the key, or nil
function Contact:get(key) end

---Keeps a small value on the contact, for later events.
---@param key string the key: at most 64 bytes, not empty
---@param value any nil (forgets the key), a boolean, a number, a string, or a table of them; at most 4 KB
---@return luagram.Decision decision `{ok = true, verdict = "accept"}`, or a refusal
function Contact:set(key, value) end

---Registers a handler for one kind of event. Call it while the rule file loads (at its top level), never from a handler. Handlers of one kind run in a fixed order: higher priority first, then file path, then registration order. A handler that fails is reported as `file:line: message` with the event id; the other handlers still run, and what the failed one recorded is dropped.
---@param kind luagram.EventKind the kind of event to handle; an unknown kind is a load error at this line
---@param handler fun(ev: luagram.Event) called with each event of that kind
---@param options? luagram.HandlerOptions `priority` (integer, default 0; higher runs first) and `name` (default `"file:line"`, shown in errors and decisions)
---@overload fun(kind: "message", handler: fun(ev: luagram.MessageEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "comment", handler: fun(ev: luagram.CommentEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "live_comment", handler: fun(ev: luagram.LiveCommentEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "referral", handler: fun(ev: luagram.ReferralEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "postback", handler: fun(ev: luagram.PostbackEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "reaction", handler: fun(ev: luagram.ReactionEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "read", handler: fun(ev: luagram.ReadEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "echo", handler: fun(ev: luagram.EchoEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "edit", handler: fun(ev: luagram.EditEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "deleted", handler: fun(ev: luagram.DeletedEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "unsupported", handler: fun(ev: luagram.UnsupportedEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "mention", handler: fun(ev: luagram.MentionEvent), options?: luagram.HandlerOptions)
---@overload fun(kind: "unknown", handler: fun(ev: luagram.UnknownEvent), options?: luagram.HandlerOptions)
function on(kind, handler, options) end

---Always refused (`broadcast_unsupported`): Instagram has no broadcasts, so a message can only answer the contact of the event.
---@param msg string|luagram.Message a text, or a table `{text=, image=, file=, quick_replies=}`
---@return luagram.Decision decision the host's decision: `{ok = true, verdict = "send"}`, `"defer"` with `until` and `reason`, or `{ok = false, verdict = "refuse", reason = …, message = …}`
function broadcast(msg) end

---The host clock (a virtual one in tests). While an event is handled it is the time the event is handled.
---@return number seconds seconds since 1970-01-01 UTC, with a fraction
function now() end

---Writes to the host log at info level, with the rule's `file:line`.
---@param ... any values to write, separated by tabs
function print(...) end

---The host log: each line carries the rule's `file:line`, and what a handler logs is kept with the event's decisions.
log = {}

---Writes to the host log at info level, with the rule's `file:line` (at most 2000 characters).
---@param ... any values to write, separated by spaces
function log.info(...) end

---Writes to the host log at warning level, with the rule's `file:line` (at most 2000 characters).
---@param ... any values to write, separated by spaces
function log.warn(...) end

---Writes to the host log at error level, with the rule's `file:line` (at most 2000 characters). It does not raise an error.
---@param ... any values to write, separated by spaces
function log.error(...) end

---Unicode-aware text helpers: Lua's `string` library knows only ASCII, and contacts write in every language.
text = {}

---Lower case, Unicode-aware (`string.lower` knows only ASCII).
---@param s string|number the text
---@return string lowered the text in lower case
function text.lower(s) end

---Upper case, Unicode-aware (`string.upper` knows only ASCII).
---@param s string|number the text
---@return string uppered the text in upper case
function text.upper(s) end

---A case- and accent-insensitive form, for comparing: `"Crème BRÛLÉE"` → `"creme brulee"`.
---@param s string|number the text
---@return string folded the folded text
function text.fold(s) end

---The first keyword found in the text, or nil. Text and keywords are compared folded (case and accents ignored) and by whole words, so `"hi"` does not match `"this"` and `"PRÉCIO?"` matches `"precio"`.
---@param s string? the text; nil (a sticker, a reaction) matches nothing
---@param keywords string|string[] one keyword or a list of them
---@param mode? luagram.MatchMode how a keyword must match (default `"contains"`)
---@return string? keyword the first keyword found, or nil
function text.matches(s, keywords, mode) end

---Removes whitespace and line breaks at both ends.
---@param s string|number the text
---@return string trimmed the text without leading and trailing whitespace
function text.trim(s) end

---The length in characters, not bytes (`#s` counts bytes).
---@param s string|number the text
---@return integer length the number of characters
function text.len(s) end

---What the sandbox keeps of `os`: the clock. `os.time()` and `os.date()` read the host clock (a virtual one in tests).
os = {}

---Without an argument, the host clock in whole seconds (a virtual one in tests); with a table, as in standard Lua.
---@param date? table date fields `{year=, month=, day=, hour=, min=, sec=}`
---@return integer seconds seconds since 1970-01-01 UTC
function os.time(date) end

---Formats a time, by default the host clock (a virtual one in tests).
---@param format? string a `strftime` format; `"*t"` or `"!*t"` return a table (default `"%c"`)
---@param time? integer the time to format (default: the host clock)
---@return string|osdate date the formatted date, or a table of its fields
function os.date(format, time) end

---The CPU time the process has used, in seconds.
---@return number seconds CPU seconds used
function os.clock() end

---The number of seconds from `t1` to `t2`.
---@param t2 integer the later time
---@param t1 integer the earlier time
---@return number seconds t2 - t1
function os.difftime(t2, t1) end

-- The test API: `*_test.lua` files only (`luagram test`).

---Changes to the default direct message.
---@class luagram.MessageOverrides
---@field text? string the text
---@field from? string the contact id
---@field quick_reply? string the payload of a tapped quick reply
---@field reply_to? string the id of the message replied to
---@field attachments? luagram.Attachment[] attachments, `{type = …, url = …}`

---Changes to the default comment.
---@class luagram.CommentOverrides
---@field text? string the text
---@field media? string the id of the commented media
---@field from? string the contact id
---@field username? string the commenter's username
---@field id? string the comment id

---Changes to the default live comment.
---@class luagram.LiveCommentOverrides
---@field text? string the text
---@field media? string the id of the live video
---@field from? string the contact id

---Changes to the default ig.me link referral.
---@class luagram.ReferralOverrides
---@field ref? string the link's `ref`
---@field source? string the referral's source
---@field type? string the referral's type

---Changes to the default ad referral message.
---@class luagram.AdReferralOverrides
---@field ad_id? string the ad's id
---@field ref? string the ad's `ref`
---@field text? string the message's text

---Changes to the default postback.
---@class luagram.PostbackOverrides
---@field payload? string the button's payload
---@field title? string the button's title

---Changes to the default story mention (none yet).
---@class luagram.StoryMentionOverrides

---Changes to the default reaction.
---@class luagram.ReactionOverrides
---@field emoji? string the emoji
---@field action? "react"|"unreact" added or removed
---@field mid? string the message reacted to

---Changes to the default read receipt.
---@class luagram.ReadOverrides
---@field mid? string the last message read

---Changes to the default echo.
---@class luagram.EchoOverrides
---@field text? string what the account wrote

---Options of `t:agent_reply`.
---@class luagram.AgentReplyOptions
---@field agent? string the agent's name (default `"agent"`)
---@field contact? string the contact (default: the default contact)

---Options of `t:expect_refused`.
---@class luagram.RefusedOptions
---@field action? string the refused intent: `reply`, `private_reply`, `follow_up`, `handoff`, `tag`, `untag`, `set`, `broadcast`

---Which contact an assertion is about.
---@class luagram.ContactOptions
---@field contact? string the contact id (default: the default contact)

---An expected message; fields not given are not compared.
---@class luagram.SendExpectation
---@field text? string the text
---@field tag? string the message tag (`HUMAN_AGENT`)
---@field messaging_type? string `RESPONSE` or `MESSAGE_TAG`
---@field recipient? "contact"|"comment" to the contact, or as a private reply to a comment
---@field quick_replies? string[] the quick replies' titles
---@field image? string the URL of an attached image
---@field to? string the contact's id, or the comment's for a private reply

---A message sent during a test.
---@class luagram.TestSend
---@field text? string the text
---@field tag? string the message tag (`HUMAN_AGENT`)
---@field messaging_type? string `RESPONSE` or `MESSAGE_TAG`; nil for a private reply
---@field recipient "contact"|"comment" to the contact, or as a private reply to a comment
---@field to string the contact's id, or the comment's for a private reply
---@field quick_replies string[] the quick replies' titles
---@field image? string the URL of an attached image
---@field request table the Send API request body

---What a test receives: event builders, the virtual clock and assertions.
---@class luagram.TestContext
local TestContext = {}

---A direct message from the contact. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.MessageOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:message(overrides) end

---A comment on one of the account's posts. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.CommentOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:comment(overrides) end

---A comment on the account's live video. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.LiveCommentOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:live_comment(overrides) end

---The contact opening the conversation from an ig.me link. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.ReferralOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:referral(overrides) end

---A message carrying a Click-to-Instagram-Direct ad referral. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.AdReferralOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:ad_referral(overrides) end

---The contact tapping an ice breaker or a button. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.PostbackOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:postback(overrides) end

---The contact mentioning the account in their story. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.StoryMentionOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:story_mention(overrides) end

---The contact reacting to a message. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.ReactionOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:reaction(overrides) end

---The contact reading the conversation. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.ReadOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:read(overrides) end

---A message the account sent from the Instagram app, which pauses automation for that contact. Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is due, and returns the event's id.
---@param overrides? luagram.EchoOverrides fields to change from the defaults
---@return string id the event's id
function TestContext:echo(overrides) end

---Replays a recorded webhook body through the whole pipeline; its timestamps are moved to the virtual now. Returns the id of its first event.
---@param path string the file, relative to the test file
---@return string id the event's id
function TestContext:webhook(path) end

---Moves the virtual clock forward and lets the follow-ups that come due go.
---@param duration string|number `"25h"`, `"30m"`, `"90s"`, `"7d"`, `"1d2h"`, or a number of seconds
function TestContext:advance(duration) end

---Moves the virtual clock to a time (never backwards) and lets the follow-ups that come due go.
---@param time string|number an ISO-8601 time or epoch seconds
function TestContext:at(time) end

---The virtual clock.
---@return number seconds the virtual time, in epoch seconds
function TestContext:now() end

---A human agent's message, through the agent path (`HUMAN_AGENT` between 24 hours and 7 days).
---@param text string what the agent writes
---@param opts? luagram.AgentReplyOptions `agent` (default `"agent"`) and `contact`
---@return string verdict the policy's verdict: `send`, `defer` or `refuse`
function TestContext:agent_reply(text, opts) end

---Asserts that exactly these Send API messages went out since the last `expect_sends` or `expect_nothing_sent`, in order. Fields not given are not compared. A failure stops the test and reports this line with a diff.
---@param list luagram.SendExpectation[] the expected messages, in order
function TestContext:expect_sends(list) end

---Asserts that no message went out since the last `expect_sends` or `expect_nothing_sent`.
function TestContext:expect_nothing_sent() end

---Asserts a refusal with this reason since the last `expect_refused`.
---@param reason luagram.ReasonCode the expected reason code
---@param opts? luagram.RefusedOptions `action`: which intent was refused
function TestContext:expect_refused(reason, opts) end

---Asserts that the contact has the label.
---@param name string the label
---@param opts? luagram.ContactOptions `contact` (default: the default contact)
function TestContext:expect_tag(name, opts) end

---Asserts that the contact does not have the label.
---@param name string the label
---@param opts? luagram.ContactOptions `contact` (default: the default contact)
function TestContext:expect_no_tag(name, opts) end

---Asserts the value kept on the contact under the key.
---@param key string the key
---@param value any the expected value (nil: not set)
---@param opts? luagram.ContactOptions `contact` (default: the default contact)
function TestContext:expect_value(key, value, opts) end

---The messages sent so far, for assertions of your own (plain `assert` works in tests).
---@return luagram.TestSend[] sends every message sent so far, in order
function TestContext:sends() end

---Registers a test (in `*_test.lua` files only). Each test starts with a fresh in-memory store, the virtual clock at 2026-01-05T10:00:00Z, the default account `"17841400000000001"` and the default contact `"8450000000000001"` (username `"test_user"`).
---@param name string what the test shows, as a sentence
---@param fn fun(t: luagram.TestContext) the test's body
function test(name, fn) end
