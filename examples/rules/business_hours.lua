-- Outside opening hours (Mon–Fri 9:00–18:00, Sat 10:00–14:00, Lisbon time), answers what no other
-- rule answered with the opening hours, and hands the conversation to a person for when we open.
--
-- Time zone: the rule reads the clock with now() and os.date("!*t", …), which is UTC, and
-- adds the shop's offset itself. os.date("*t") would use the server's local time zone — UTC
-- in most containers, something else on a laptop — so the same rule would open and close at
-- different hours depending on where it runs (and in tests). The sandbox has no time-zone
-- database, so the offset is set here: Lisbon is UTC+0, and UTC+1 during EU summer time
-- (last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC). For another city
-- change UTC_OFFSET (and SUMMER_TIME for places without EU summer time).
--
-- During opening hours it stays quiet: the team reads the inbox and answers. Outside them,
-- the handoff keeps the other rules from talking over the question until a person takes it
-- (or 24 hours pass); the person may still answer days later, with the HUMAN_AGENT tag.

local UTC_OFFSET = 0 -- hours east of UTC, in winter
local SUMMER_TIME = true -- EU rules: one hour more from the last Sunday of March to October's

-- Opening hours by weekday (os.date's wday: 1 = Sunday … 7 = Saturday), local time.
local HOURS = {
  [2] = { 9, 18 }, [3] = { 9, 18 }, [4] = { 9, 18 }, [5] = { 9, 18 }, [6] = { 9, 18 },
  [7] = { 10, 14 },
}
local CLOSED_REPLY = "Thanks for your message! We're closed right now: we're here Monday to Friday "
  .. "9:00–18:00 and Saturday 10:00–14:00 (Lisbon time), and someone will answer you here as soon as we open."

-- Whether EU summer time is on at a UTC time: from the last Sunday of March, 01:00 UTC, to
-- the last Sunday of October, 01:00 UTC. The last Sunday of a 31-day month is its 25th–31st.
local function eu_summer_time(utc)
  local t = os.date("!*t", utc)
  if t.month > 3 and t.month < 10 then return true end
  if t.month ~= 3 and t.month ~= 10 then return false end
  local last_sunday_passed = t.day - (t.wday - 1) >= 25 and (t.wday ~= 1 or t.hour >= 1)
  if t.month == 3 then return last_sunday_passed end
  return not last_sunday_passed
end

local function is_open(utc)
  local offset = UTC_OFFSET
  if SUMMER_TIME and eu_summer_time(utc) then offset = offset + 1 end
  local here = os.date("!*t", utc + offset * 3600)
  local hours = HOURS[here.wday]
  return hours ~= nil and here.hour >= hours[1] and here.hour < hours[2]
end

on("message", function(ev)
  -- now() has Meta's milliseconds (1795000000.123): os.date wants whole seconds
  if ev.contact:get("answered") == ev.id or is_open(math.floor(now())) then return end
  ev.contact:set("answered", ev.id)
  local decision = ev:reply(CLOSED_REPLY)
  if decision.ok then
    ev:handoff("outside business hours")
  else
    log.info("closed notice not sent:", decision.reason)
  end
end, { name = "business-hours", priority = -100 })
