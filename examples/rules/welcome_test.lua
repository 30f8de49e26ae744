-- Tests of welcome.lua: `luagram test --rules .` in this folder runs them, with every rule of the folder.

local GREETING = "Hi! 👋 Thanks for your message."

test("a contact's first text message is greeted, once", function(t)
  t:message({ text = "Hello there" })
  t:expect_sends({ { text = GREETING, messaging_type = "RESPONSE", recipient = "contact" } })
  t:expect_tag("greeted")
  t:message({ text = "Hello again" })
  t:expect_nothing_sent()
end)

test("the greeting comes before the answer, and uses the username once Meta gave it", function(t)
  t:comment({ text = "Nice!", username = "ana.sousa" }) -- a comment carries the username
  t:expect_nothing_sent()
  t:message({ text = "How much is the blue dress?" })
  t:expect_sends({
    { text = "Hi ana.sousa! 👋 Thanks for your message." },
    { text = "Prices are on each post. Tell me which item and I'll send you the details!" },
  })
end)

test("a story mention or a voice note is not greeted; the first typed message is", function(t)
  t:story_mention()
  t:expect_sends({ { text = "Thank you so much for the mention! 💛 It made our day. "
    .. "Show this message in the shop for a small surprise." } })
  t:expect_no_tag("greeted")
  t:message({ text = "Love your shop!" })
  t:expect_sends({ { text = GREETING } })
end)

test("ad clicks get the ad's welcome instead of the greeting", function(t)
  t:ad_referral({ ad_id = "120210000000000002", text = "Hi!" })
  t:expect_sends({ { text = "Hi! 👋 Free shipping this week on every order. Which item caught your eye?" } })
  t:expect_tag("greeted")
end)

test("no greeting while a person answers from the Instagram app; it comes later", function(t)
  t:echo({ text = "Hi! Marta here, I saw your story reply." }) -- pauses the rules for 30 minutes
  t:message({ text = "Oh hi Marta" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:expect_no_tag("greeted") -- the tag is put on only when the greeting goes
  t:advance("31m")
  t:message({ text = "Are you still there?" })
  t:expect_sends({ { text = GREETING } })
end)
