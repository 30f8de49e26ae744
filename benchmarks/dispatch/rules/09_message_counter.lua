-- Count messages per contact; tag first-timers.
on("message", function(ev)
  local count = (ev.contact:get("messages") or 0) + 1
  ev.contact:set("messages", count)
  if count == 1 then
    ev.contact:tag("new_contact")
  end
end)
