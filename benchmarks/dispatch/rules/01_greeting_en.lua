-- Greet English speakers who open with a hello.
on("message", function(ev)
  if text.matches(ev.text, {"hi", "hello", "hey", "good morning", "good afternoon"}, "starts") then
    local name = ev.contact.name or ev.contact.display_name
    ev:reply("Hi " .. name .. "! 👋 Thanks for writing to Bella Boutique. How can we help?")
  end
end)
