-- Compliments get a thank-you.
on("message", function(ev)
  if text.matches(ev.text, {"love", "beautiful", "amei", "lindo", "linda", "me encanta", "😍", "❤️"}) then
    ev:reply("Thank you so much! 💕")
  end
end)
