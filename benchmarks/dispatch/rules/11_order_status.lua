-- Order status: "where is my order #12345".
on("message", function(ev)
  if not ev.text then return end
  local order = string.match(ev.text, "#%s*(%d%d%d%d+)")
  if order then
    ev.contact:set("last_order", order)
    ev:reply("Let me check order #" .. order .. " for you. One moment! 🔎")
  end
end)
