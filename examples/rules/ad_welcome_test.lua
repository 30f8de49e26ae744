-- Tests of ad_welcome.lua: Click-to-Instagram-Direct ads get a welcome chosen by the ad's id.

local SPRING = "Hi! 👋 Yes, the spring sale is on: 30% off everything until Sunday. What are you looking for?"

test("the spring sale ad gets its own welcome, and its quick replies answer", function(t)
  t:webhook("events/ad_click.json") -- "Is this still available?" from ad 120210000000000001
  t:expect_sends({ { text = SPRING, messaging_type = "RESPONSE", quick_replies = { "Dresses", "Shirts", "Shoes" } } })
  t:expect_tag("ad:spring-sale")
  t:expect_tag("campaign:spring_campaign") -- the ad's ref, by campaigns.lua
  t:expect_value("ad_id", "120210000000000001")
  t:message({ text = "Dresses", quick_reply = "SHOP_DRESSES" })
  t:expect_sends({ { text = "Here are the dresses on sale: https://shop.example/sale/dresses" } })
  t:message({ text = "and the price of the green one?" }) -- greeted already: no greeting now
  t:expect_sends({ { text = "Prices are on each post. Tell me which item and I'll send you the details!" } })
end)

test("the ad's welcome replaces the keyword answer to the same message", function(t)
  t:ad_referral({ ad_id = "120210000000000002", text = "What's the price with shipping?" })
  t:expect_sends({ { text = "Hi! 👋 Free shipping this week on every order. Which item caught your eye?",
                     quick_replies = { "Sizes", "Shipping" } } })
  t:expect_no_tag("asked:price")
  t:expect_tag("ad:free-shipping")
end)

test("an ad not listed gets the general welcome", function(t)
  t:ad_referral({ ad_id = "120219999999999999", text = "Hi" })
  local sends = t:sends()
  assert(#sends == 1, "one welcome")
  assert(string.find(sends[1].text, "Hi! 👋 Thanks for writing to us about ", 1, true) == 1, sends[1].text)
  t:expect_tag("ad:120219999999999999")
end)

test("while a person has the conversation the welcome is refused, the ad is still recorded", function(t)
  t:message({ text = "Hello" })
  t:expect_sends({ { text = "Hi! 👋 Thanks for your message." } })
  t:echo({ text = "Hi, Marta here!" }) -- a person answered from the Instagram app
  t:ad_referral({ ad_id = "120210000000000001" })
  t:expect_refused("human_handoff", { action = "reply" })
  t:expect_nothing_sent()
  t:expect_tag("ad:spring-sale")
end)
