-- Tests of follow_up.lua: a nudge 23 hours after "reserve", and the window refusing 25 hours.

local GREETING = { text = "Hi! 👋 Thanks for your message." }
local ASK_SIZE = { text = "Great choice! Which size should we reserve for you?", quick_replies = { "S", "M", "L" } }
local NUDGE = { text = "Still want to reserve it? Tap your size and we'll hold it for you for 48 hours.",
                messaging_type = "RESPONSE", quick_replies = { "S", "M", "L" } }
local REMINDER = "⏰ Here's the reminder you asked for! Anything we can help you with?"

test("no answer to “which size?”: one nudge 23 hours later, inside the window", function(t)
  t:webhook("events/reserve.json") -- "Hi! Can I reserve the linen shirt?"
  t:expect_sends({ GREETING, ASK_SIZE })
  t:advance("22h59m")
  t:expect_nothing_sent()
  t:advance("1m")
  t:expect_sends({ NUDGE })
  t:advance("7d")
  t:expect_nothing_sent()
end)

test("a follow-up 25 hours ahead is refused at once; the rule falls back to 23 hours", function(t)
  t:message({ text = "Not now, remind me tomorrow" })
  t:expect_refused("automated_outside_24h", { action = "follow_up" })
  t:expect_sends({
    GREETING,
    { text = "Instagram only lets us write within 24 hours of your last message, so I'll remind you in 23 hours. 👍" },
  })
  t:advance("23h")
  t:expect_sends({ { text = REMINDER, messaging_type = "RESPONSE" } })
end)

test("the contact answers with a size: a person takes over and the nudge is refused when due", function(t)
  t:message({ text = "quero reservar o vestido azul" })
  t:expect_sends({ GREETING, ASK_SIZE })
  t:advance("2h")
  t:message({ text = "M", quick_reply = "RESERVE_M" })
  t:expect_sends({ { text = "Got it, size M! Someone from the team will confirm your reservation here shortly." } })
  t:expect_value("reserve_size", "M")
  t:advance("21h") -- the nudge comes due, while the reservation is with a person
  t:expect_refused("human_handoff", { action = "follow_up" })
  t:expect_nothing_sent()
end)

test("asking twice does not stack nudges", function(t)
  t:message({ text = "can I reserve it?" })
  t:advance("1h")
  t:message({ text = "reserve please" })
  t:expect_sends({ GREETING, ASK_SIZE, ASK_SIZE })
  t:advance("23h")
  t:expect_sends({ NUDGE })
end)
