-- Returns and exchanges.
on("message", function(ev)
  if text.matches(ev.text, {"return", "refund", "exchange", "devolução", "troca", "devolución", "cambio"}) then
    ev:reply("Returns and exchanges are free within 30 days. Just send us your order number 🔁")
    ev.contact:tag("returns")
  end
end)
