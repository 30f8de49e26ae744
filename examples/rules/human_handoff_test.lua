-- Tests of human_handoff.lua: "talk to a human" hands off, and the rules stop until it ends.

local GREETING = { text = "Hi! 👋 Thanks for your message." }
local HANDED_OFF = { text = "Sure! I've asked someone from the team to answer you here. "
  .. "We reply Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time)." }
local PRICE = "Prices are on each post. Tell me which item and I'll send you the details!"

test("typing “talk to a human” hands off: the rules are refused, an agent answers", function(t)
  t:message({ text = "hi, can I talk to a human?" })
  t:expect_sends({ GREETING, HANDED_OFF })
  t:expect_tag("wanted-human")
  t:message({ text = "what's the price?" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:agent_reply("Hi, Marta here! The blue dress is 49 €.", { agent = "marta" })
  t:expect_sends({ { text = "Hi, Marta here! The blue dress is 49 €.", messaging_type = "RESPONSE" } })
end)

test("in Portuguese or Spanish too, and by the quick reply under an answer", function(t)
  t:message({ text = "Quero falar com alguém, por favor" })
  t:expect_sends({ GREETING, HANDED_OFF })
  t:advance("25h") -- the handoff ends after 24 hours without an agent
  t:message({ text = "precio" })
  t:expect_sends({ { text = "Los precios están en cada publicación. ¡Dime qué artículo y te mando los detalles!" } })
  t:message({ text = "Hablar con alguien", quick_reply = "TALK_TO_HUMAN" })
  t:expect_sends({ HANDED_OFF })
  t:message({ text = "price" })
  t:expect_refused("human_handoff")
  t:expect_nothing_sent()
end)

test("the “Talk to a person” ice breaker hands off", function(t)
  t:postback({ payload = "TALK_TO_HUMAN", title = "Talk to a person" })
  t:expect_sends({ HANDED_OFF })
  t:postback({ payload = "FAQ_HOURS", title = "What are your opening hours?" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
end)

test("a person answering from the Instagram app pauses the rules for 30 minutes", function(t)
  t:message({ text = "Hello!" })
  t:expect_sends({ GREETING })
  t:echo({ text = "Hi! It's Marta from the shop." })
  t:message({ text = "How much is it?" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:advance("31m")
  t:message({ text = "How much is it?" })
  t:expect_sends({ { text = PRICE } })
end)
