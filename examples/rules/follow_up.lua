-- Follow-ups inside the 24-hour window: "reserve" asks for a size and, if the contact doesn't
-- answer, nudges them 23 hours later; "remind me tomorrow" shows the host refusing 25 hours.
--
-- A rule may write only within 24 hours of the contact's last message (automated_outside_24h
-- after that), and a follow-up is judged for the time it is due: one asked for 25 hours
-- ahead is refused at once, so the rule can still do something else; 23 hours is the last
-- comfortable moment. The window counts from the contact's last message, not from the event
-- being handled, which is why the delays below are measured from ev.time.
--
-- The host cannot cancel a follow-up. When the contact answers with a size, this rule hands the
-- reservation to a person (who confirms stock and payment), and the pending nudge is then
-- refused when it comes due (human_handoff): "23 hours without an answer" holds either way.

local HOUR = 3600
local RESERVE = { "reserve", "reservation", "hold one", "reservar", "reserva", "apartar" }
local REMIND = { "remind me tomorrow", "remind me", "lembra-me amanhã", "recuérdame mañana" }
local SIZES = {
  { title = "S", payload = "RESERVE_S" },
  { title = "M", payload = "RESERVE_M" },
  { title = "L", payload = "RESERVE_L" },
}
local NUDGE = { text = "Still want to reserve it? Tap your size and we'll hold it for you for 48 hours.",
                quick_replies = SIZES }
local REMINDER = "⏰ Here's the reminder you asked for! Anything we can help you with?"

-- Seconds from now until `hours` after the contact's message (ev.time), never less than 1 s.
local function after_message(ev, hours)
  return math.max(1, ev.time + hours * HOUR - now())
end

local function answered(ev) return ev.contact:get("answered") == ev.id end

on("message", function(ev)
  if answered(ev) then return end

  local size = ev.quick_reply_payload and string.match(ev.quick_reply_payload, "^RESERVE_(%u)$")
  if size then
    ev.contact:set("answered", ev.id)
    ev.contact:set("reserve_size", size)
    ev:reply("Got it, size " .. size .. "! Someone from the team will confirm your reservation here shortly.")
    ev:handoff("reservation, size " .. size)
    return
  end

  if text.matches(ev.text, RESERVE) then
    ev.contact:set("answered", ev.id)
    ev:reply({ text = "Great choice! Which size should we reserve for you?", quick_replies = SIZES })
    -- one nudge at a time: a second "reserve" before the first nudge is due adds none
    local pending = ev.contact:get("reserve_nudge_at")
    if pending and pending > now() then return end
    local decision = ev:follow_up(after_message(ev, 23), NUDGE)
    if decision.ok then ev.contact:set("reserve_nudge_at", decision["until"]) end
    return
  end

  if text.matches(ev.text, REMIND) then
    ev.contact:set("answered", ev.id)
    -- "Tomorrow" would be 25 hours from now: outside the window, so the host refuses it…
    local decision = ev:follow_up(after_message(ev, 25), REMINDER)
    if not decision.ok and decision.reason == "automated_outside_24h" then
      -- …and the rule falls back to the last safe moment, and says so.
      decision = ev:follow_up(after_message(ev, 23), REMINDER)
      if decision.ok then
        ev:reply("Instagram only lets us write within 24 hours of your last message, "
          .. "so I'll remind you in 23 hours. 👍")
      end
    elseif decision.ok then
      ev:reply("Sure, I'll remind you tomorrow. 👍")
    end
  end
end, { name = "follow-up", priority = 50 })
