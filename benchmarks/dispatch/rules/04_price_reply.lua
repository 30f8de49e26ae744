-- Price questions in three languages: point to the catalogue, offer quick replies.
local PRICE = {"price", "prices", "how much", "cost", "preço", "quanto custa", "valor", "precio", "cuánto cuesta"}

on("message", function(ev)
  if text.matches(ev.text, PRICE) then
    ev:reply({
      text = "Our prices are on each product in the catalogue 🛍️ Which piece are you looking at?",
      quick_replies = {"Dresses", "Tops", "Accessories", {title = "Talk to a person", payload = "HUMAN"}},
    })
  end
end, {name = "price auto-reply"})
