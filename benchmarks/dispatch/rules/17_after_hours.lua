-- Outside business hours (10:00–19:00, UTC-3), say when we will answer.
local OPEN, CLOSE, OFFSET = 10, 19, -3 * 3600

on("message", function(ev)
  local hour = os.date("!*t", math.floor(ev.time) + OFFSET).hour
  if hour < OPEN or hour >= CLOSE then
    ev:reply("Thanks! We're closed right now and will answer from " .. OPEN .. ":00 🌙")
  end
end)
