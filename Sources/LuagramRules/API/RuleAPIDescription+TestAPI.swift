// The test API of `*_test.lua` files, which `luagram test` binds: `test(name, fn)` and the
// methods of the context each test receives. Described here so the editor definitions, the
// lint configuration and the rule API reference cover tests too.

extension RuleAPIDescription {
    static let eventID = APIReturn("string", "id", "the event's id")
    static let eventBuilderDoc = """
        Sends a real Meta-shaped webhook body through the whole pipeline at the current virtual time, processes what is \
        due, and returns the event's id.
        """

    static func builder(_ name: String, _ table: String, _ what: String) -> APIFunction {
        APIFunction(
            name, .testContext,
            [APIParameter("overrides", table, optional: true, "fields to change from the defaults")],
            returns: [eventID], "\(what) \(eventBuilderDoc)")
    }

    static let contactOption = APIParameter("opts", "luagram.ContactOptions", optional: true, "`contact` (default: the default contact)")

    static let testAPIFunctions: [APIFunction] = [
        APIFunction(
            "test", .global,
            [
                APIParameter("name", "string", "what the test shows, as a sentence"),
                APIParameter("fn", "fun(t: luagram.TestContext)", "the test's body"),
            ],
            """
            Registers a test (in `*_test.lua` files only). Each test starts with a fresh in-memory store, the virtual clock \
            at 2026-01-05T10:00:00Z, the default account `"17841400000000001"` and the default contact \
            `"8450000000000001"` (username `"test_user"`).
            """),
        builder("message", "luagram.MessageOverrides", "A direct message from the contact."),
        builder("comment", "luagram.CommentOverrides", "A comment on one of the account's posts."),
        builder("live_comment", "luagram.LiveCommentOverrides", "A comment on the account's live video."),
        builder("referral", "luagram.ReferralOverrides", "The contact opening the conversation from an ig.me link."),
        builder(
            "ad_referral", "luagram.AdReferralOverrides",
            "A message carrying a Click-to-Instagram-Direct ad referral."),
        builder("postback", "luagram.PostbackOverrides", "The contact tapping an ice breaker or a button."),
        builder("story_mention", "luagram.StoryMentionOverrides", "The contact mentioning the account in their story."),
        builder("reaction", "luagram.ReactionOverrides", "The contact reacting to a message."),
        builder("read", "luagram.ReadOverrides", "The contact reading the conversation."),
        builder(
            "echo", "luagram.EchoOverrides",
            "A message the account sent from the Instagram app, which pauses automation for that contact."),
        APIFunction(
            "webhook", .testContext, [APIParameter("path", "string", "the file, relative to the test file")],
            returns: [eventID],
            """
            Replays a recorded webhook body through the whole pipeline; its timestamps are moved to the virtual now. \
            Returns the id of its first event.
            """),
        APIFunction(
            "advance", .testContext,
            [APIParameter("duration", "string|number", "`\"25h\"`, `\"30m\"`, `\"90s\"`, `\"7d\"`, `\"1d2h\"`, or a number of seconds")],
            "Moves the virtual clock forward and lets the follow-ups that come due go."),
        APIFunction(
            "at", .testContext, [APIParameter("time", "string|number", "an ISO-8601 time or epoch seconds")],
            "Moves the virtual clock to a time (never backwards) and lets the follow-ups that come due go."),
        APIFunction(
            "now", .testContext, returns: [APIReturn("number", "seconds", "the virtual time, in epoch seconds")],
            "The virtual clock."),
        APIFunction(
            "agent_reply", .testContext,
            [
                APIParameter("text", "string", "what the agent writes"),
                APIParameter("opts", "luagram.AgentReplyOptions", optional: true, "`agent` (default `\"agent\"`) and `contact`"),
            ],
            returns: [APIReturn("string", "verdict", "the policy's verdict: `send`, `defer` or `refuse`")],
            "A human agent's message, through the agent path (`HUMAN_AGENT` between 24 hours and 7 days)."),
        APIFunction(
            "expect_sends", .testContext,
            [APIParameter("list", "luagram.SendExpectation[]", "the expected messages, in order")],
            """
            Asserts that exactly these Send API messages went out since the last `expect_sends` or `expect_nothing_sent`, \
            in order. Fields not given are not compared. A failure stops the test and reports this line with a diff.
            """),
        APIFunction(
            "expect_nothing_sent", .testContext, [],
            "Asserts that no message went out since the last `expect_sends` or `expect_nothing_sent`."),
        APIFunction(
            "expect_refused", .testContext,
            [
                APIParameter("reason", "luagram.ReasonCode", "the expected reason code"),
                APIParameter("opts", "luagram.RefusedOptions", optional: true, "`action`: which intent was refused"),
            ],
            "Asserts a refusal with this reason since the last `expect_refused`."),
        APIFunction(
            "expect_tag", .testContext, [APIParameter("name", "string", "the label"), contactOption],
            "Asserts that the contact has the label."),
        APIFunction(
            "expect_no_tag", .testContext, [APIParameter("name", "string", "the label"), contactOption],
            "Asserts that the contact does not have the label."),
        APIFunction(
            "expect_value", .testContext,
            [APIParameter("key", "string", "the key"), APIParameter("value", "any", "the expected value (nil: not set)"), contactOption],
            "Asserts the value kept on the contact under the key."),
        APIFunction(
            "sends", .testContext, returns: [APIReturn("luagram.TestSend[]", "sends", "every message sent so far, in order")],
            "The messages sent so far, for assertions of your own (plain `assert` works in tests)."),
    ]

    static let testAPITables: [APITable] = [
        APITable("luagram.TestContext", "What a test receives: event builders, the virtual clock and assertions.", fields: []),
        APITable(
            "luagram.MessageOverrides", "Changes to the default direct message.",
            fields: [
                APIField("text", "string", optional: true, "the text"),
                APIField("from", "string", optional: true, "the contact id"),
                APIField("quick_reply", "string", optional: true, "the payload of a tapped quick reply"),
                APIField("reply_to", "string", optional: true, "the id of the message replied to"),
                APIField("attachments", "luagram.Attachment[]", optional: true, "attachments, `{type = …, url = …}`"),
            ]),
        APITable(
            "luagram.CommentOverrides", "Changes to the default comment.",
            fields: [
                APIField("text", "string", optional: true, "the text"),
                APIField("media", "string", optional: true, "the id of the commented media"),
                APIField("from", "string", optional: true, "the contact id"),
                APIField("username", "string", optional: true, "the commenter's username"),
                APIField("id", "string", optional: true, "the comment id"),
            ]),
        APITable(
            "luagram.LiveCommentOverrides", "Changes to the default live comment.",
            fields: [
                APIField("text", "string", optional: true, "the text"),
                APIField("media", "string", optional: true, "the id of the live video"),
                APIField("from", "string", optional: true, "the contact id"),
            ]),
        APITable(
            "luagram.ReferralOverrides", "Changes to the default ig.me link referral.",
            fields: [
                APIField("ref", "string", optional: true, "the link's `ref`"),
                APIField("source", "string", optional: true, "the referral's source"),
                APIField("type", "string", optional: true, "the referral's type"),
            ]),
        APITable(
            "luagram.AdReferralOverrides", "Changes to the default ad referral message.",
            fields: [
                APIField("ad_id", "string", optional: true, "the ad's id"),
                APIField("ref", "string", optional: true, "the ad's `ref`"),
                APIField("text", "string", optional: true, "the message's text"),
            ]),
        APITable(
            "luagram.PostbackOverrides", "Changes to the default postback.",
            fields: [
                APIField("payload", "string", optional: true, "the button's payload"),
                APIField("title", "string", optional: true, "the button's title"),
            ]),
        APITable("luagram.StoryMentionOverrides", "Changes to the default story mention (none yet).", fields: []),
        APITable(
            "luagram.ReactionOverrides", "Changes to the default reaction.",
            fields: [
                APIField("emoji", "string", optional: true, "the emoji"),
                APIField("action", "\"react\"|\"unreact\"", optional: true, "added or removed"),
                APIField("mid", "string", optional: true, "the message reacted to"),
            ]),
        APITable(
            "luagram.ReadOverrides", "Changes to the default read receipt.",
            fields: [APIField("mid", "string", optional: true, "the last message read")]),
        APITable(
            "luagram.EchoOverrides", "Changes to the default echo.",
            fields: [APIField("text", "string", optional: true, "what the account wrote")]),
        APITable(
            "luagram.AgentReplyOptions", "Options of `t:agent_reply`.",
            fields: [
                APIField("agent", "string", optional: true, "the agent's name (default `\"agent\"`)"),
                APIField("contact", "string", optional: true, "the contact (default: the default contact)"),
            ]),
        APITable(
            "luagram.RefusedOptions", "Options of `t:expect_refused`.",
            fields: [
                APIField(
                    "action", "string", optional: true,
                    "the refused intent: `reply`, `private_reply`, `follow_up`, `handoff`, `tag`, `untag`, `set`, `broadcast`"),
            ]),
        APITable(
            "luagram.ContactOptions", "Which contact an assertion is about.",
            fields: [APIField("contact", "string", optional: true, "the contact id (default: the default contact)")]),
        APITable(
            "luagram.SendExpectation", "An expected message; fields not given are not compared.",
            fields: [
                APIField("text", "string", optional: true, "the text"),
                APIField("tag", "string", optional: true, "the message tag (`HUMAN_AGENT`)"),
                APIField("messaging_type", "string", optional: true, "`RESPONSE` or `MESSAGE_TAG`"),
                APIField("recipient", "\"contact\"|\"comment\"", optional: true, "to the contact, or as a private reply to a comment"),
                APIField("quick_replies", "string[]", optional: true, "the quick replies' titles"),
                APIField("image", "string", optional: true, "the URL of an attached image"),
                APIField("to", "string", optional: true, "the contact's id, or the comment's for a private reply"),
            ]),
        APITable(
            "luagram.TestSend", "A message sent during a test.",
            fields: [
                APIField("text", "string", optional: true, "the text"),
                APIField("tag", "string", optional: true, "the message tag (`HUMAN_AGENT`)"),
                APIField("messaging_type", "string", optional: true, "`RESPONSE` or `MESSAGE_TAG`; nil for a private reply"),
                APIField("recipient", "\"contact\"|\"comment\"", "to the contact, or as a private reply to a comment"),
                APIField("to", "string", "the contact's id, or the comment's for a private reply"),
                APIField("quick_replies", "string[]", "the quick replies' titles"),
                APIField("image", "string", optional: true, "the URL of an attached image"),
                APIField("request", "table", "the Send API request body"),
            ]),
    ]
}
