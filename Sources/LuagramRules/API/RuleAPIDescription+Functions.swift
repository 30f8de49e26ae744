// The functions the runtime binds for rules. `RuleAPI.install(on:)` looks each one up by its
// path (`on`, `log.info`, `ev:reply`, …): a name here without an implementation, or an
// implementation without a name here, stops the process at start, so this list cannot drift
// from what rules can call.

extension RuleAPIDescription {
    static let message = "string|luagram.Message"
    static let messageDoc = "a text, or a table `{text=, image=, file=, quick_replies=}`"
    static let decision = APIReturn(
        "luagram.Decision", "decision",
        "the host's decision: `{ok = true, verdict = \"send\"}`, `\"defer\"` with `until` and `reason`, or `{ok = false, verdict = \"refuse\", reason = …, message = …}`")
    static let accepted = APIReturn("luagram.Decision", "decision", "`{ok = true, verdict = \"accept\"}`, or a refusal")

    static let ruleFunctions: [APIFunction] = [
        APIFunction(
            "on", .global,
            [
                APIParameter("kind", "luagram.EventKind", "the kind of event to handle; an unknown kind is a load error at this line"),
                APIParameter("handler", "fun(ev: luagram.Event)", "called with each event of that kind"),
                APIParameter(
                    "options", "luagram.HandlerOptions", optional: true,
                    "`priority` (integer, default 0; higher runs first) and `name` (default `\"file:line\"`, shown in errors and decisions)"),
            ],
            """
            Registers a handler for one kind of event. Call it while the rule file loads (at its top level), never from a \
            handler. Handlers of one kind run in a fixed order: higher priority first, then file path, then registration \
            order. A handler that fails is reported as `file:line: message` with the event id; the other handlers still run, \
            and what the failed one recorded is dropped.
            """),
        APIFunction(
            "broadcast", .global, [APIParameter("msg", message, messageDoc)], returns: [decision],
            "Always refused (`broadcast_unsupported`): Instagram has no broadcasts, so a message can only answer the contact of the event."),
        APIFunction(
            "now", .global, returns: [APIReturn("number", "seconds", "seconds since 1970-01-01 UTC, with a fraction")],
            "The host clock (a virtual one in tests). While an event is handled it is the time the event is handled."),
        APIFunction(
            "print", .global, [APIParameter("...", "any", "values to write, separated by tabs")],
            "Writes to the host log at info level, with the rule's `file:line`."),
        APIFunction(
            "info", .library("log"), [APIParameter("...", "any", "values to write, separated by spaces")],
            "Writes to the host log at info level, with the rule's `file:line` (at most 2000 characters)."),
        APIFunction(
            "warn", .library("log"), [APIParameter("...", "any", "values to write, separated by spaces")],
            "Writes to the host log at warning level, with the rule's `file:line` (at most 2000 characters)."),
        APIFunction(
            "error", .library("log"), [APIParameter("...", "any", "values to write, separated by spaces")],
            "Writes to the host log at error level, with the rule's `file:line` (at most 2000 characters). It does not raise an error."),
        APIFunction(
            "lower", .library("text"), [APIParameter("s", "string|number", "the text")],
            returns: [APIReturn("string", "lowered", "the text in lower case")],
            "Lower case, Unicode-aware (`string.lower` knows only ASCII)."),
        APIFunction(
            "upper", .library("text"), [APIParameter("s", "string|number", "the text")],
            returns: [APIReturn("string", "uppered", "the text in upper case")],
            "Upper case, Unicode-aware (`string.upper` knows only ASCII)."),
        APIFunction(
            "fold", .library("text"), [APIParameter("s", "string|number", "the text")],
            returns: [APIReturn("string", "folded", "the folded text")],
            "A case- and accent-insensitive form, for comparing: `\"Crème BRÛLÉE\"` → `\"creme brulee\"`."),
        APIFunction(
            "matches", .library("text"),
            [
                APIParameter("s", "string?", "the text; nil (a sticker, a reaction) matches nothing"),
                APIParameter("keywords", "string|string[]", "one keyword or a list of them"),
                APIParameter("mode", "luagram.MatchMode", optional: true, "how a keyword must match (default `\"contains\"`)"),
            ],
            returns: [APIReturn("string?", "keyword", "the first keyword found, or nil")],
            """
            The first keyword found in the text, or nil. Text and keywords are compared folded (case and accents ignored) \
            and by whole words, so `"hi"` does not match `"this"` and `"PRÉCIO?"` matches `"precio"`.
            """),
        APIFunction(
            "trim", .library("text"), [APIParameter("s", "string|number", "the text")],
            returns: [APIReturn("string", "trimmed", "the text without leading and trailing whitespace")],
            "Removes whitespace and line breaks at both ends."),
        APIFunction(
            "len", .library("text"), [APIParameter("s", "string|number", "the text")],
            returns: [APIReturn("integer", "length", "the number of characters")],
            "The length in characters, not bytes (`#s` counts bytes)."),
        APIFunction(
            "reply", .event, [APIParameter("msg", message, messageDoc)], returns: [decision],
            """
            Answers in the conversation. Within 24 hours of the contact's last message it goes as `RESPONSE`; after that a \
            rule is refused (`automated_outside_24h`: only a human agent may answer then). Long texts are split at word \
            boundaries (at most 3 messages of 1000 bytes); at most 13 quick replies of 20 characters.
            """),
        APIFunction(
            "private_reply", .event, [APIParameter("msg", message, messageDoc)], returns: [decision],
            """
            Answers a comment in the commenter's inbox (`comment` and `live_comment` events only; on any other kind it is \
            an error). One per comment, within 7 days (for live comments, while the video is live), and nothing more goes \
            to the contact until they write.
            """),
        APIFunction(
            "follow_up", .event,
            [
                APIParameter("seconds", "number", "the delay, from 1 second to 604800 (7 days)"),
                APIParameter("msg", message, messageDoc),
            ],
            returns: [decision],
            """
            Sends the message later. The decision now is `defer` until the due time (`follow_up_scheduled`), or a refusal; \
            the messaging window is checked again when it comes due.
            """),
        APIFunction(
            "handoff", .event, [APIParameter("reason", "string", optional: true, "why, for the agents and the logs")],
            returns: [accepted],
            """
            Hands the conversation to a person: rules are refused (`human_handoff`) for this contact until an agent \
            releases it or the handoff times out.
            """),
        APIFunction(
            "tag", .contact, [APIParameter("name", "string", "the label (not empty)")], returns: [accepted],
            "Puts a label on the contact; `ev.contact.tags` shows it at once. Tags are kept with the contact."),
        APIFunction(
            "untag", .contact, [APIParameter("name", "string", "the label (not empty)")], returns: [accepted],
            "Removes a label from the contact."),
        APIFunction(
            "has_tag", .contact, [APIParameter("name", "string", "the label (not empty)")],
            returns: [APIReturn("boolean", "tagged", "whether the contact has the label")],
            "Whether the contact has a label, including one put on by an earlier handler of this event."),
        APIFunction(
            "get", .contact, [APIParameter("key", "string", "the value's key (not empty)")],
            returns: [APIReturn("any", "value", "the value kept under the key, or nil")],
            "Reads a value kept on the contact with `set`."),
        APIFunction(
            "set", .contact,
            [
                APIParameter("key", "string", "the key: at most 64 bytes, not empty"),
                APIParameter("value", "any", "nil (forgets the key), a boolean, a number, a string, or a table of them; at most 4 KB"),
            ],
            returns: [accepted],
            "Keeps a small value on the contact, for later events."),
    ]

    /// The `os` functions the sandbox keeps (the others are removed); time reads the host clock.
    static let osFunctions: [APIFunction] = [
        APIFunction(
            "time", .library("os"), [APIParameter("date", "table", optional: true, "date fields `{year=, month=, day=, hour=, min=, sec=}`")],
            returns: [APIReturn("integer", "seconds", "seconds since 1970-01-01 UTC")],
            "Without an argument, the host clock in whole seconds (a virtual one in tests); with a table, as in standard Lua."),
        APIFunction(
            "date", .library("os"),
            [
                APIParameter("format", "string", optional: true, "a `strftime` format; `\"*t\"` or `\"!*t\"` return a table (default `\"%c\"`)"),
                APIParameter("time", "integer", optional: true, "the time to format (default: the host clock)"),
            ],
            returns: [APIReturn("string|osdate", "date", "the formatted date, or a table of its fields")],
            "Formats a time, by default the host clock (a virtual one in tests)."),
        APIFunction(
            "clock", .library("os"), returns: [APIReturn("number", "seconds", "CPU seconds used")],
            "The CPU time the process has used, in seconds."),
        APIFunction(
            "difftime", .library("os"),
            [APIParameter("t2", "integer", "the later time"), APIParameter("t1", "integer", "the earlier time")],
            returns: [APIReturn("number", "seconds", "t2 - t1")],
            "The number of seconds from `t1` to `t2`."),
    ]
}
