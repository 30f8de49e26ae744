-- Opening hours.
on("message", function(ev)
  local asked = text.matches(ev.text, {"hours", "open", "opening hours", "close", "horário", "aberto", "horario", "abierto"})
  if asked then
    ev:reply("We're open Monday to Saturday, 10:00–19:00 🕙 Online orders any time!")
  end
end)
