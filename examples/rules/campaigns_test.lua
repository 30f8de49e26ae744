-- Tests of campaigns.lua: ig.me links are tracked by their ref as "campaign:REF" tags.

test("an ig.me link opened in an existing thread tags the contact and greets them", function(t)
  t:webhook("events/igme_summer.json") -- a `referral` event with ref "summer"
  t:expect_sends({ {
    text = "☀️ Welcome to the summer sale! Use the code SUMMER10 for 10% off. What are you looking for?",
    messaging_type = "RESPONSE",
  } })
  t:expect_tag("campaign:summer")
  t:expect_value("first_campaign", "summer")
  t:advance("3d")
  t:referral({ ref = "newsletter" })
  t:expect_sends({ { text = "Hi again! 💌 Thanks for coming over from our newsletter. How can we help?" } })
  t:expect_tag("campaign:summer")
  t:expect_tag("campaign:newsletter")
  t:expect_value("first_campaign", "summer")
  t:expect_value("last_campaign", "newsletter")
end)

test("a first message from a link is tagged and answered by the other rules", function(t)
  t:webhook("events/igme_new_thread.json") -- "Hi! Do you ship to Porto?" with ref "summer"
  t:expect_sends({
    { text = "Hi! 👋 Thanks for your message." },
    { text = "We ship everywhere in 2–5 working days, free over €50." },
  })
  t:expect_tag("campaign:summer")
end)

test("an ice breaker tapped from a link is tagged too", function(t)
  t:webhook("events/ice_breaker_hours.json") -- FAQ_HOURS with ref "qr_store_12"
  t:expect_sends({ { text = "We're open Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time). "
    .. "Messages sent outside those hours are answered when we open." } })
  t:expect_tag("campaign:qr_store_12")
end)

test("refs are free text: they become safe tag names; unknown ones get the default greeting", function(t)
  t:referral({ ref = "Black Friday 2026" })
  t:expect_sends({ { text = "Hi again! 👋 How can we help?" } })
  t:expect_tag("campaign:black_friday_2026")
end)

test("while a person has the conversation the greeting is refused, the campaign still counts", function(t)
  t:echo({ text = "Hi! Marta here." }) -- a person answered from the Instagram app: rules pause 30 minutes
  t:referral({ ref = "summer" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:expect_tag("campaign:summer")
end)
