-- Runs first: ignore obvious spam (links from strangers, walls of text).
local MAX_LENGTH = 600

on("message", function(ev)
  if not ev.text then return end
  if string.find(ev.text, "https?://") and not ev.contact:has_tag("customer") then
    ev.contact:tag("spam_suspect")
    return
  end
  if text.len(ev.text) > MAX_LENGTH then
    ev.contact:tag("long_message")
  end
end, {priority = 100, name = "spam guard"})
