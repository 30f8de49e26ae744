-- Some customers prefer WhatsApp.
on("message", function(ev)
  if text.matches(ev.text, {"whatsapp", "zap", "wpp"}) then
    ev:reply("You can also reach us on WhatsApp: +1 555 0100 📱")
  end
end)
