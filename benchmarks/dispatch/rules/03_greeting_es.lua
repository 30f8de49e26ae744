-- Saludo en español.
on("message", function(ev)
  if text.matches(ev.text, {"hola", "buenos días", "buenas tardes", "buenas noches"}, "starts") then
    ev:reply("¡Hola " .. ev.contact.display_name .. "! ¿En qué podemos ayudarte?")
  end
end)
