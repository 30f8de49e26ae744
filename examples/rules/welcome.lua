-- Greets a contact the first time they write, once (it remembers with the "greeted" tag).
-- Ad clicks get their own welcome from ad_welcome.lua, so they are left alone here.
--
-- How the rules in this folder share a message: they all load into one server and every
-- handler of a kind runs, highest priority first. The greeting (this file) runs first and
-- never counts as the answer; then one rule answers and marks the message as answered
-- (ev.contact:set("answered", ev.id)), and the rules after it see the mark and stay quiet.
--
--   priority  file                 answers
--   200       welcome.lua          a greeting on the first text message (not an answer)
--   100       human_handoff.lua    "talk to a human": hands the conversation to a person
--    90       campaigns.lua        tags ig.me campaign links; answers link-only openings
--    80       ad_welcome.lua       messages from Click-to-Instagram-Direct ads
--    70       story_mentions.lua   story mentions
--    60       unsupported.lua      voice notes, videos, files, content Instagram can't show
--    50       follow_up.lua        "reserve" (nudges after 23 h) and "remind me tomorrow"
--    40       keywords.lua         price, shipping, opening hours, in EN / PT / ES
--    30       ice_breakers.lua     ice breaker and button taps (postbacks)
--    10       comment_to_dm.lua    keyword comments, answered by private reply
--  -100       business_hours.lua   anything left unanswered, outside opening hours

on("message", function(ev)
  if ev.contact:has_tag("greeted") then return end
  if ev.text == nil then return end -- a story mention, a voice note…: other rules answer those
  if ev.referral and ev.referral.ad_id then return end -- ad_welcome.lua greets ad clicks
  -- A direct message names only the contact's id: `serve` asks Meta's User Profile API for
  -- the name and username before the rules run (waiting 1.5 s at most), and a comment
  -- carries the username. Without either, greet without a name: an id is no way to greet.
  local name = ev.contact.name or ev.contact.username
  local decision = ev:reply("Hi" .. (name and (" " .. name) or "") .. "! 👋 Thanks for your message.")
  if decision.ok then
    ev.contact:tag("greeted")
  end
end, { name = "welcome", priority = 200 })
