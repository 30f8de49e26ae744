-- Saudação em português.
on("message", function(ev)
  if text.matches(ev.text, {"oi", "olá", "bom dia", "boa tarde", "boa noite"}, "starts") then
    local name = ev.contact.name or ev.contact.display_name
    ev:reply("Olá " .. name .. "! 😊 Obrigada pela mensagem. Em que podemos ajudar?")
  end
end)
