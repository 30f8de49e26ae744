-- Answers politely when a contact sends what the rules can't read: content Instagram can't
-- deliver (kind "unsupported"), or a voice note, video, file or view-once photo without text.
--
-- Instagram shows these to the account in the app, but the webhook carries nothing a rule can
-- understand, so the contact is asked to write instead (at most once an hour, so three voice
-- notes in a row get one answer). Photos, shared posts and reels are left to the other rules
-- and to the team; story mentions are story_mentions.lua's.

local ASK = {
  audio = "Sorry, I can't listen to voice messages here 🙉 Could you write your question?",
  video = "Thanks for the video! I can't play it here, though. Could you tell me in a message what it's about?",
  file = "Thanks! I can't open files here. Could you write your question, or send a photo?",
  ephemeral = "View-once photos disappear before I can see them 🙈 Could you send it as a normal photo?",
}
local DEFAULT = "Sorry, I can't see that kind of message here. Could you send it as text or a photo?"
local ONCE_EVERY = 3600

local function answer(ev, message)
  if ev.contact:get("answered") == ev.id then return end
  ev.contact:set("answered", ev.id)
  local last = ev.contact:get("unsupported_answered_at")
  if last and now() - last < ONCE_EVERY then return end
  local decision = ev:reply(message)
  if decision.ok then
    ev.contact:set("unsupported_answered_at", math.floor(now()))
  else
    log.info("answer to unsupported content not sent:", decision.reason)
  end
end

on("unsupported", function(ev)
  answer(ev, DEFAULT)
end, { name = "unsupported", priority = 60 })

-- A message with no text whose attachments are all of the kinds above.
on("message", function(ev)
  if ev.text ~= nil or #ev.attachments == 0 then return end
  local first
  for _, attachment in ipairs(ev.attachments) do
    if not ASK[attachment.type] then return end
    first = first or attachment.type
  end
  answer(ev, ASK[first])
end, { name = "unreadable-attachments", priority = 60 })
