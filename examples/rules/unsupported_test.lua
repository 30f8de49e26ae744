-- Tests of unsupported.lua: content the rules can't read gets a polite answer, once an hour.

local DEFAULT = "Sorry, I can't see that kind of message here. Could you send it as text or a photo?"
local AUDIO = "Sorry, I can't listen to voice messages here 🙉 Could you write your question?"
local VOICE_NOTE = { { type = "audio", url = "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18300000000000003" } }

test("content Instagram can't deliver gets a polite answer", function(t)
  t:webhook("events/unsupported.json") -- "is_unsupported": true
  t:expect_sends({ { text = DEFAULT, messaging_type = "RESPONSE" } })
end)

test("a voice note is answered, three in a row only once, a video an hour later", function(t)
  t:webhook("events/voice_note.json")
  t:expect_sends({ { text = AUDIO } })
  t:advance("1m")
  t:message({ attachments = VOICE_NOTE })
  t:advance("1m")
  t:message({ attachments = VOICE_NOTE })
  t:expect_nothing_sent()
  t:advance("1h")
  t:message({ attachments = { { type = "video", url = "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=4" } } })
  t:expect_sends({ { text = "Thanks for the video! I can't play it here, though. "
    .. "Could you tell me in a message what it's about?" } })
end)

test("photos and voice notes with text are left to the other rules", function(t)
  t:message({ attachments = { { type = "image", url = "https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=5" } } })
  t:expect_nothing_sent() -- during opening hours a person looks at the photo
  t:message({ text = "how much is this?", attachments = VOICE_NOTE })
  t:expect_sends({
    { text = "Hi! 👋 Thanks for your message." },
    { text = "Prices are on each post. Tell me which item and I'll send you the details!" },
  })
end)

test("while a person has the conversation the rule is refused like any other", function(t)
  t:echo({ text = "Hi! Marta here." }) -- a person answered from the Instagram app: rules pause 30 minutes
  t:message({ attachments = VOICE_NOTE })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
end)
