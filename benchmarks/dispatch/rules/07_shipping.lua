-- Shipping and delivery questions.
on("message", function(ev)
  if text.matches(ev.text, {"shipping", "delivery", "ship", "frete", "entrega", "envio", "envío"}) then
    ev:reply("We ship nationwide in 2–4 business days. Free shipping over $80 📦")
  end
end)
