-- "Talk to a human" — typed in English, Portuguese or Spanish, or tapped as a quick reply or an
-- ice breaker (payload TALK_TO_HUMAN) — hands the conversation to a person and stops automation.
--
-- After ev:handoff the host refuses every rule's message to this contact (reason
-- "human_handoff") until an agent releases the conversation or 24 hours pass without an
-- agent writing; agents keep answering (with the HUMAN_AGENT tag after 24 hours). It runs
-- before the other rules and marks the message answered, so "human, what's the price?"
-- is not also answered by keywords.lua.

local KEYWORDS = {
  "talk to a human", "talk to a person", "speak to someone", "real person", "human", "agent",
  "falar com alguém", "falar com uma pessoa", "atendente", "humano",
  "hablar con alguien", "hablar con una persona", "agente",
}
local PAYLOAD = "TALK_TO_HUMAN"

local function hand_off(ev, why)
  ev.contact:set("answered", ev.id)
  ev:reply("Sure! I've asked someone from the team to answer you here. "
    .. "We reply Monday to Friday 9:00–18:00 and Saturday 10:00–14:00 (Lisbon time).")
  ev:handoff(why)
  ev.contact:tag("wanted-human")
end

on("message", function(ev)
  if ev.quick_reply_payload == PAYLOAD then
    hand_off(ev, "tapped “" .. (ev.text or "talk to a person") .. "”")
  elseif text.matches(ev.text, KEYWORDS) then
    hand_off(ev, "wrote: " .. ev.text)
  end
end, { name = "handoff", priority = 100 })

on("postback", function(ev)
  if ev.payload == PAYLOAD then
    hand_off(ev, "ice breaker: " .. (ev.title or PAYLOAD))
  end
end, { name = "handoff-button", priority = 100 })
