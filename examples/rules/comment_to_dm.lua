-- Comment-to-DM: someone comments "LINK" (or "info") on a post and gets the link in a
-- private reply. Instagram allows one private reply per comment, within 7 days; the host
-- enforces that, and the decision comes back so the rule can react.

local KEYWORDS = { "link", "info", "eu quero", "quiero" }

on("comment", function(ev)
  if ev.from_self then return end -- never answer the account's own comments
  local keyword = text.matches(ev.text, KEYWORDS)
  if not keyword then return end
  local decision = ev:private_reply({
    text = "Here's the link you asked for: https://shop.example/new-collection",
    quick_replies = { "Sizes", "Shipping" },
  })
  if decision.ok then
    ev.contact:tag("comment-lead")
    ev.contact:set("last_keyword", keyword)
  else
    log.warn("private reply refused:", decision.reason)
  end
end, { name = "comment-to-dm", priority = 10 })
