-- Anyone asking about prices is a lead.
on("message", function(ev)
  if text.matches(ev.text, {"price", "how much", "preço", "quanto", "precio", "cuánto"})
      and not ev.contact:has_tag("lead:price") then
    ev.contact:tag("lead:price")
  end
end)
