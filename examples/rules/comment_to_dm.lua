-- Comment-to-DM: someone comments a keyword ("LINK", "info", "quero"…) on a post and gets its link
-- in a private reply, once per person per post; the account's own comments are ignored.
--
-- Instagram allows one private reply per comment, within 7 days, and nothing more to that
-- person until they write back: the host enforces all three (private_reply_already_sent,
-- private_reply_expired, awaiting_user_reply). "Once per person per post" is this rule's own
-- choice, so someone who comments "link" five times gets one message, not five: it keeps
-- the posts already answered on the contact (ev.contact:get/set).

local KEYWORDS = { "link", "info", "details", "eu quero", "quero", "quiero", "price", "preço", "precio" }

-- The link for each post (media id → URL); other posts get the collection's link.
local LINKS = {
  ["17895695668004550"] = "https://shop.example/blue-dress",
  ["17900000000000001"] = "https://shop.example/linen-shirt",
}
local DEFAULT_LINK = "https://shop.example/new-collection"
local REMEMBERED_POSTS = 50 -- a contact value holds at most 4 KB: keep the latest posts only

local function remember(posts, post, at)
  posts[post] = at
  local ids = {}
  for id in pairs(posts) do ids[#ids + 1] = id end
  if #ids <= REMEMBERED_POSTS then return posts end
  table.sort(ids, function(a, b) return posts[a] > posts[b] end)
  local kept = {}
  for i = 1, REMEMBERED_POSTS do kept[ids[i]] = posts[ids[i]] end
  return kept
end

on("comment", function(ev)
  if ev.from_self then return end -- never answer the account's own comments (loops!)
  if not text.matches(ev.text, KEYWORDS) then return end
  local post = ev.media and ev.media.id or "unknown"
  local posts = ev.contact:get("dm_posts") or {}
  if posts[post] then return end -- this person already got the link for this post

  local decision = ev:private_reply({
    text = "Hi @" .. (ev.from.username or ev.contact.display_name) .. "! Here's the link you asked for: "
      .. (LINKS[post] or DEFAULT_LINK),
  }) -- text only: Meta documents no quick replies on a private reply, the host would leave them off
  if decision.ok then
    ev.contact:set("dm_posts", remember(posts, post, math.floor(now())))
    ev.contact:tag("comment-lead")
  else
    log.info("private reply not sent:", decision.reason)
  end
end, { name = "comment-to-dm", priority = 10 })
