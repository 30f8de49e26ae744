/// What `luagram init` puts in a new rules folder besides the generated editor files: a
/// first rule, its tests, and a recorded webhook the tests replay.
enum InitTemplate {
    /// The files, paths relative to the rules folder, in the order they are listed.
    static let files: [(path: String, contents: String, about: String)] = [
        ("welcome.lua", rule, "a first rule: greets a first message, answers \"price\""),
        ("welcome_test.lua", test, "its tests"),
        ("events/dm.json", webhook, "a recorded Instagram webhook the tests replay"),
    ]

    static let rule = """
        -- Greets a contact's first message (once), and answers questions about the price with
        -- quick replies. Change the texts and keywords to yours; welcome_test.lua shows what it does.

        local GREETING = "Hi! 👋 Thanks for your message."
        local PRICES = "Prices are on each post. Which item would you like?"

        on("message", function(ev)
          if not ev.contact:has_tag("greeted") then
            ev:reply(GREETING)
            ev.contact:tag("greeted")
          end
          if text.matches(ev.text, { "price", "how much", "cost" }) then
            ev:reply({ text = PRICES, quick_replies = { "Sizes", "Shipping" } })
          end
        end)

        """

    static let test = """
        -- Tests of welcome.lua: `luagram test --rules .` in this folder runs them. Each event goes through
        -- the whole pipeline (rules, Meta's rules, the outbox) on a virtual clock; nothing is sent.

        local GREETING = "Hi! 👋 Thanks for your message."
        local PRICES = "Prices are on each post. Which item would you like?"

        test("a first message gets the greeting, and only the first", function(t)
          t:message({ text = "Hello!" })
          t:expect_sends({ { text = GREETING, messaging_type = "RESPONSE" } })
          t:expect_tag("greeted")

          t:advance("25h")
          t:message({ text = "Hello again" })
          t:expect_nothing_sent()
        end)

        test("asking the price gets the prices, with quick replies", function(t)
          t:message({ text = "How much is the blue dress?" })
          t:expect_sends({
            { text = GREETING },
            { text = PRICES, quick_replies = { "Sizes", "Shipping" } },
          })
        end)

        test("a recorded webhook goes through the same way", function(t)
          t:webhook("events/dm.json")
          t:expect_sends({
            { text = GREETING, recipient = "contact" },
            { text = PRICES, recipient = "contact" },
          })
        end)

        """

    /// A direct message as Meta posts it to the webhook (Instagram API with Instagram Login),
    /// from the tests' default contact to their default account.
    static let webhook = """
        {
          "object": "instagram",
          "entry": [
            {
              "id": "17841400000000001",
              "time": 1767607200000,
              "messaging": [
                {
                  "sender": { "id": "8450000000000001" },
                  "recipient": { "id": "17841400000000001" },
                  "timestamp": 1767607200000,
                  "message": {
                    "mid": "aWdfZAG1faWQ6bHVhZ3JhbS1pbml0LWRtLTAwMDE",
                    "text": "Hi! What's the price of the blue dress?"
                  }
                }
              ]
            }
          ]
        }

        """
}
