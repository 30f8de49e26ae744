-- Keep the e-mail address when a contact sends one.
on("message", function(ev)
  if not ev.text then return end
  local email = string.match(ev.text, "[%w%.%-_]+@[%w%-_]+%.[%a%.]+")
  if email then
    ev.contact:set("email", email)
    ev.contact:tag("has_email")
  end
end)
