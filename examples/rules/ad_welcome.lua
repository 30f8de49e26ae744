-- Welcomes people who write from a Click-to-Instagram-Direct ad with a message chosen by the ad's
-- id (ev.referral.ad_id); an ad not listed gets a general welcome naming the ad's title.
--
-- Meta puts the ad in the referral of the contact's first message (source "ADS", ad_id,
-- ads_context_data). Each ad gets its own opening and quick replies, and the contact is tagged
-- with the ad, so agents and later rules know where the lead came from. Runs before the
-- keyword answers and marks the message answered: "Is this still available?" under an ad gets
-- the ad's welcome, not a generic answer. (If Meta sends the ad as a `referral` event, for a
-- contact who already had a thread, it is welcomed the same way.) The spring sale's quick
-- replies carry payloads (SHOP_…) that this rule answers with the category's page.

local ADS = {
  ["120210000000000001"] = {
    tag = "ad:spring-sale",
    text = "Hi! 👋 Yes, the spring sale is on: 30% off everything until Sunday. What are you looking for?",
    quick_replies = {
      { title = "Dresses", payload = "SHOP_DRESSES" },
      { title = "Shirts", payload = "SHOP_SHIRTS" },
      { title = "Shoes", payload = "SHOP_SHOES" },
    },
  },
  ["120210000000000002"] = {
    tag = "ad:free-shipping",
    text = "Hi! 👋 Free shipping this week on every order. Which item caught your eye?",
    quick_replies = { "Sizes", "Shipping" },
  },
}

-- The spring sale's quick replies answer with the page of each category.
local SHOP = {
  SHOP_DRESSES = "Here are the dresses on sale: https://shop.example/sale/dresses",
  SHOP_SHIRTS = "Here are the shirts on sale: https://shop.example/sale/shirts",
  SHOP_SHOES = "Here are the shoes on sale: https://shop.example/sale/shoes",
}

local function welcome(ev)
  local referral = ev.referral
  if not (referral and referral.ad_id) then return end
  if ev.contact:get("answered") == ev.id then return end
  ev.contact:set("answered", ev.id)

  local ad = ADS[referral.ad_id]
  local message
  if ad then
    message = { text = ad.text, quick_replies = ad.quick_replies }
  else
    local context = referral.ads_context_data or {}
    local title = context.ad_title and ("“" .. context.ad_title .. "”") or "our ad"
    message = { text = "Hi! 👋 Thanks for writing to us about " .. title .. ". How can we help?" }
  end
  local decision = ev:reply(message)
  ev.contact:tag(ad and ad.tag or ("ad:" .. referral.ad_id))
  ev.contact:set("ad_id", referral.ad_id)
  if decision.ok then
    ev.contact:tag("greeted") -- welcome.lua need not greet them again
  else
    log.info("ad welcome not sent:", decision.reason)
  end
end

local function category(ev)
  local link = ev.quick_reply_payload and SHOP[ev.quick_reply_payload]
  if not link or ev.contact:get("answered") == ev.id then return end
  ev.contact:set("answered", ev.id)
  ev:reply(link)
end

on("message", function(ev)
  welcome(ev)
  category(ev)
end, { name = "ad-welcome", priority = 80 })
on("referral", welcome, { name = "ad-welcome-referral", priority = 80 })
