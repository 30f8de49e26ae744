-- "I want to talk to a human": hand the conversation to the team.
on("message", function(ev)
  if text.matches(ev.text, {"human", "agent", "person", "atendente", "pessoa", "persona", "asesor"}) then
    ev:reply("Sure! Someone from our team will answer you shortly 🙋")
    ev:handoff("customer asked for a human")
  end
end, {priority = 10, name = "human handoff"})
