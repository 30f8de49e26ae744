-- Hands the conversation to a person when the contact asks for one, and checks in later
-- with a follow-up (the host re-checks the messaging window when it comes due).

on("message", function(ev)
  if text.matches(ev.text, { "talk to a person", "human", "atendente", "agente" }) then
    ev:reply("Sure! Someone from the team will answer here shortly.")
    ev:handoff("contact asked for a person")
    ev:follow_up(2 * 3600, "Did we answer everything? Reply here if you need anything else.")
  end
end, { name = "handoff", priority = 20 })

on("postback", function(ev)
  if ev.payload == "TALK_TO_HUMAN" then
    ev:handoff("ice breaker: talk to a person")
  end
end)
