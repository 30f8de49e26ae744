-- Ingest and end to end: one reply per DM, carrying the event id so that the Send API
-- request can be matched with the webhook that caused it (scripts/bench).
on("message", function(ev)
  ev:reply("ack " .. ev.id)
end)
