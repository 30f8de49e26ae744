-- Tests of ice_breakers.lua: ice breaker and button taps are answered by payload.

local HOURS = "We're open Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time). "
  .. "Messages sent outside those hours are answered when we open."

test("each ice breaker gets its answer", function(t)
  t:postback({ payload = "FAQ_HOURS", title = "What are your opening hours?" })
  t:expect_sends({ { text = HOURS, messaging_type = "RESPONSE" } })
  t:postback({ payload = "FAQ_SHIPPING", title = "How much is shipping?" })
  t:expect_sends({ { text = "We ship everywhere in 2–5 working days, free over €50. Anything else?",
                     quick_replies = { "Returns" } } })
  t:message({ text = "Returns", quick_reply = "FAQ_RETURNS" }) -- the quick reply under that answer
  t:expect_sends({ { text = "You can return anything within 30 days, unworn and with its label: "
    .. "https://shop.example/returns" } }) -- and no greeting: the conversation had started
end)

test("an unknown payload gets the menu again", function(t)
  t:postback({ payload = "OLD_SUMMER_PROMO", title = "Summer promo" })
  t:expect_sends({ {
    text = "Sorry, that button isn't available any more. What would you like to know?",
    quick_replies = { "Opening hours", "Shipping", "Returns", "Talk to a person" },
  } })
end)

test("after “Talk to a person” the ice breakers are quiet until the handoff ends", function(t)
  t:postback({ payload = "TALK_TO_HUMAN", title = "Talk to a person" })
  t:expect_sends({ { recipient = "contact" } })
  t:advance("1h")
  t:postback({ payload = "FAQ_HOURS", title = "What are your opening hours?" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:advance("1d")
  t:postback({ payload = "FAQ_HOURS", title = "What are your opening hours?" })
  t:expect_sends({ { text = HOURS } })
end)
