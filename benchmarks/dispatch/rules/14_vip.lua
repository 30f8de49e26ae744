-- VIP customers get a personal touch.
on("message", function(ev)
  if ev.contact:has_tag("vip") then
    ev:reply("Welcome back, " .. ev.contact.display_name .. " ✨ Your VIP discount is still active!")
  end
end)
