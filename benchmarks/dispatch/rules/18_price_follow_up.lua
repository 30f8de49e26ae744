-- Nudge price askers an hour later if nobody has bought yet.
on("message", function(ev)
  if ev.contact:has_tag("customer") then return end
  if text.matches(ev.text, {"price", "how much", "preço", "precio"}) then
    local interest = ev.contact:get("interest") or "piece"
    ev:follow_up(3600, "Still thinking about the " .. interest .. "? Reply YES and we'll reserve it for you 💛")
  end
end)
