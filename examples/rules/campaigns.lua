-- Tracks ig.me campaign links by their ref: ig.me/youraccount?ref=summer tags the contact
-- "campaign:summer", from a `referral` event or the referral of a message or ice breaker tap.
--
-- Meta sends the ref two ways: on the first message (or ice breaker) of a new thread
-- (ev.referral on a message or postback), or as a `referral` event when someone who already
-- has a thread with the account opens the link (nothing typed yet). Every campaign a contact
-- came from is kept as a tag; "first_campaign" and "last_campaign" keep the attribution.
-- Messages are only tagged here (the other rules answer them); a `referral` event, which has
-- nothing else to answer, gets the campaign's greeting. Ad referrals also carry a ref: they
-- are tagged too, and ad_welcome.lua answers them.

-- Greetings for a `referral` event, by ref; other refs get the default one.
local GREETINGS = {
  summer = "☀️ Welcome to the summer sale! Use the code SUMMER10 for 10% off. What are you looking for?",
  newsletter = "Hi again! 💌 Thanks for coming over from our newsletter. How can we help?",
}
local DEFAULT_GREETING = "Hi again! 👋 How can we help?"

-- A ref as a tag: lower case, and only letters, digits, "_", "-" and "." (refs are free text).
local function campaign_of(ev)
  local ref = ev.referral and ev.referral.ref
  if type(ref) ~= "string" then return nil end
  local name = string.gsub(text.lower(text.trim(ref)), "[^%w_%-%.]", "_")
  if name == "" then return nil end
  return name
end

local function track(ev)
  local campaign = campaign_of(ev)
  if not campaign then return nil end
  ev.contact:tag("campaign:" .. campaign)
  if ev.contact:get("first_campaign") == nil then ev.contact:set("first_campaign", campaign) end
  ev.contact:set("last_campaign", campaign)
  return campaign
end

on("message", track, { name = "campaign-message", priority = 90 })
on("postback", track, { name = "campaign-postback", priority = 90 })

on("referral", function(ev)
  local campaign = track(ev)
  if not campaign or ev.referral.ad_id then return end -- ad_welcome.lua answers ads
  ev.contact:set("answered", ev.id)
  local decision = ev:reply(GREETINGS[campaign] or DEFAULT_GREETING)
  if not decision.ok then log.info("campaign greeting not sent:", decision.reason) end
end, { name = "campaign-link", priority = 90 })
