-- Answers the ice breakers (the questions Instagram offers before the first message) and other
-- postback buttons by payload; "Talk to a person" (TALK_TO_HUMAN) is human_handoff.lua's.
--
-- The ice breakers themselves are set once with the Graph API, for example:
--   POST /me/messenger_profile  {"platform": "instagram", "ice_breakers": [{"call_to_actions": [
--     {"question": "What are your opening hours?", "payload": "FAQ_HOURS"},
--     {"question": "How much is shipping?",         "payload": "FAQ_SHIPPING"},
--     {"question": "How do returns work?",          "payload": "FAQ_RETURNS"},
--     {"question": "Talk to a person",              "payload": "TALK_TO_HUMAN"}],
--     "locale": "default"}]}
-- A tap arrives as a `postback` event with that payload (and the question as its title).

local ANSWERS = {
  FAQ_HOURS = {
    text = "We're open Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time). "
      .. "Messages sent outside those hours are answered when we open.",
  },
  FAQ_SHIPPING = {
    text = "We ship everywhere in 2–5 working days, free over €50. Anything else?",
    quick_replies = { { title = "Returns", payload = "FAQ_RETURNS" } },
  },
  FAQ_RETURNS = {
    text = "You can return anything within 30 days, unworn and with its label: "
      .. "https://shop.example/returns",
  },
}
local MENU = {
  { title = "Opening hours", payload = "FAQ_HOURS" },
  { title = "Shipping", payload = "FAQ_SHIPPING" },
  { title = "Returns", payload = "FAQ_RETURNS" },
  { title = "Talk to a person", payload = "TALK_TO_HUMAN" },
}

local function answer(ev, payload)
  local found = ANSWERS[payload]
  if found then
    ev:reply(found)
  else -- an old button, or one added to the menu but not here yet
    log.warn("no answer for the payload", payload)
    ev:reply({ text = "Sorry, that button isn't available any more. What would you like to know?",
               quick_replies = MENU })
  end
end

on("postback", function(ev)
  if ev.contact:get("answered") == ev.id then return end
  ev.contact:set("answered", ev.id)
  answer(ev, ev.payload)
  -- the conversation has started: welcome.lua need not greet their first typed message
  if not ev.contact:has_tag("greeted") then ev.contact:tag("greeted") end
end, { name = "ice-breakers", priority = 30 })

-- The quick replies under the answers above come back as messages with these payloads.
on("message", function(ev)
  local payload = ev.quick_reply_payload
  if not (payload and ANSWERS[payload]) or ev.contact:get("answered") == ev.id then return end
  ev.contact:set("answered", ev.id)
  answer(ev, payload)
end, { name = "ice-breaker-quick-replies", priority = 30 })
