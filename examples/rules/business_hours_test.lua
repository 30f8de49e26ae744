-- Tests of business_hours.lua: outside opening hours the unanswered messages get the hours and
-- go to a person. The clock starts on Monday 2026-01-05 at 10:00 UTC (Lisbon: UTC in winter).

local GREETING = { text = "Hi! 👋 Thanks for your message." }
local CLOSED = "Thanks for your message! We're closed right now: we're here Monday to Friday "
  .. "9:00–18:00 and Saturday 10:00–14:00 (Lisbon time), and someone will answer you here as soon as we open."

test("during opening hours it stays quiet: the team answers", function(t)
  t:message({ text = "Do you have the blue dress in green?" })
  t:expect_sends({ GREETING })
  t:at("2026-01-05T17:59:00Z")
  t:message({ text = "Hello?" })
  t:expect_nothing_sent()
end)

test("in the evening: the opening hours, a handoff, and an agent answers in the morning", function(t)
  t:at("2026-01-05T20:00:00Z")
  t:message({ text = "Do you have the blue dress in green?" })
  t:expect_sends({ GREETING, { text = CLOSED, messaging_type = "RESPONSE" } })
  t:message({ text = "and the price?" }) -- a person has the conversation now
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:at("2026-01-06T09:15:00Z")
  t:agent_reply("Good morning! Yes, in green too, 49 €.")
  t:expect_sends({ { text = "Good morning! Yes, in green too, 49 €.", messaging_type = "RESPONSE" } })
end)

test("on Saturday afternoon, the agent answers on Monday with the HUMAN_AGENT tag", function(t)
  t:at("2026-01-10T15:00:00Z") -- Saturday, after 14:00
  t:message({ text = "Is the shop open tomorrow?" }) -- "open": keywords.lua answers it, day or night
  t:expect_sends({ GREETING, { text = "We're open Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time)." } })
  t:message({ text = "ok and can I pick up an order there?" })
  t:expect_sends({ { text = CLOSED } })
  t:at("2026-01-12T09:30:00Z") -- Monday, 42 hours later: only a person may write now
  t:agent_reply("Good morning! Yes, you can pick it up any day.")
  t:expect_sends({ { messaging_type = "MESSAGE_TAG", tag = "HUMAN_AGENT" } })
  t:message({ text = "Great, thanks" }) -- in hours again: quiet
  t:expect_nothing_sent()
end)

test("Lisbon summer time: 08:30 UTC is 09:30 in the shop after the last Sunday of March", function(t)
  t:at("2026-03-27T08:30:00Z") -- Friday before the change: 08:30 in Lisbon, closed
  t:message({ text = "Hello?" })
  t:expect_sends({ GREETING, { text = CLOSED } })
  t:at("2026-03-30T08:30:00Z") -- Monday after it: 09:30 in Lisbon, open
  t:message({ text = "Hello?" })
  t:expect_nothing_sent()
  t:at("2026-10-26T08:30:00Z") -- Monday after the last Sunday of October: 08:30 again, closed
  t:message({ text = "Hello?" })
  t:expect_sends({ { text = CLOSED } })
end)
