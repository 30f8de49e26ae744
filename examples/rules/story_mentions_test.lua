-- Tests of story_mentions.lua: a story mention is thanked, at most once a day.

local THANKS = "Thank you so much for the mention! 💛 It made our day. Show this message in the shop for a small surprise."

test("a story mention is thanked and tagged", function(t)
  t:webhook("events/story_mention.json")
  t:expect_sends({ { text = THANKS, messaging_type = "RESPONSE", recipient = "contact" } })
  t:expect_tag("story-mention")
  t:expect_no_tag("greeted") -- a mention is not a conversation yet: welcome.lua waits for text
end)

test("five stories in a row get one thank-you; the next day's get another", function(t)
  t:story_mention()
  t:expect_sends({ { text = THANKS } })
  for _ = 1, 4 do
    t:advance("10m")
    t:story_mention()
  end
  t:expect_nothing_sent()
  t:advance("1d")
  t:story_mention()
  t:expect_sends({ { text = THANKS } })
end)

test("no thank-you while a person is talking to them", function(t)
  t:echo({ text = "Hi! Marta here, thanks for the visit today." })
  t:story_mention()
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:expect_tag("story-mention")
  t:advance("1h") -- the pause after a person's message is over, and the thank-you was not sent
  t:story_mention()
  t:expect_sends({ { text = THANKS } })
end)
