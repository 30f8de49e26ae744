-- Thanks a contact who mentions the account in their story (a message whose attachment is a
-- "story_mention"), at most once a day, and tags them "story-mention".
--
-- Meta sends a story mention as a direct message with no text, so it also opens the 24-hour
-- window: the thank-you goes as an ordinary RESPONSE. Someone posting five stories in a row
-- gets one thank-you, not five (the last one's time is kept on the contact). The story's
-- URL is Meta's CDN link: it expires, and Meta forbids downloading the story.

local ONCE_EVERY = 24 * 3600

local function is_story_mention(ev)
  for _, attachment in ipairs(ev.attachments) do
    if attachment.type == "story_mention" then return true end
  end
  return false
end

on("message", function(ev)
  if not is_story_mention(ev) or ev.contact:get("answered") == ev.id then return end
  ev.contact:set("answered", ev.id)
  if not ev.contact:has_tag("story-mention") then ev.contact:tag("story-mention") end

  local last = ev.contact:get("story_thanked_at")
  if last and now() - last < ONCE_EVERY then return end
  local decision = ev:reply("Thank you so much for the mention! 💛 It made our day. "
    .. "Show this message in the shop for a small surprise.")
  if decision.ok then
    ev.contact:set("story_thanked_at", math.floor(now()))
  else
    log.info("story thank-you not sent:", decision.reason)
  end
end, { name = "story-mentions", priority = 70 })
