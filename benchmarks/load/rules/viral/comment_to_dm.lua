-- Viral burst (scripts/bench): comment-to-DM as in examples/rules/comment_to_dm.lua — a
-- keyword in a comment gets a private reply with the post's link, once per person per post.
local KEYWORDS = { "link", "info", "details", "quero", "price", "preço" }
local LINKS = { ["17895695668004550"] = "https://shop.example/blue-dress" }

on("comment", function(ev)
  if ev.from_self then return end
  if not text.matches(ev.text, KEYWORDS) then return end
  local post = ev.media and ev.media.id or "unknown"
  if ev.contact:get("dm_post") == post then return end
  local decision = ev:private_reply({
    text = "Hi @" .. (ev.from.username or ev.contact.display_name) .. "! Here's the link you asked for: "
      .. (LINKS[post] or "https://shop.example/new-collection"),
  })
  if decision.ok then
    ev.contact:set("dm_post", post)
    ev.contact:tag("comment-lead")
  end
end, { name = "comment-to-dm" })
