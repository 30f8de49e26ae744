-- Greets a new contact once, then answers the common questions by keyword.
-- Keywords are compared folded (case and accents ignored) and word by word.

local answers = {
  { keywords = { "price", "preço", "precio", "how much" },
    reply = "Prices are on each post. Tell me which item and I'll send the details!" },
  { keywords = { "hours", "open", "horário" },
    reply = "We're open Monday to Saturday, 10:00–19:00." },
  { keywords = { "shipping", "delivery", "envio", "frete" },
    reply = "We ship everywhere in 2–5 working days; free over €50." },
}

on("message", function(ev)
  if not ev.contact:has_tag("greeted") then
    ev:reply("Hi " .. ev.contact.display_name .. "! 👋 Thanks for your message.")
    ev.contact:tag("greeted")
  end
  for _, answer in ipairs(answers) do
    if text.matches(ev.text, answer.keywords) then
      ev:reply({ text = answer.reply, quick_replies = { "Talk to a person", "That's all" } })
      return
    end
  end
end, { name = "welcome" })
