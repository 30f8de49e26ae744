-- The plain-Lua baseline for the dispatch benchmark.
--
--   lua5.4 baseline.lua <rules-dir> <seconds> [file.lua ...]
--
-- Loads the same rule files as `luagram-bench dispatch`, with pure-Lua stand-ins for the
-- rule API (on, ev:reply/…, ev.contact:tag/…, text.*, now, log), builds once an event table
-- equivalent to EventBuilder.message(), and dispatches it through every handler, in the
-- host's order (priority, file name, registration), each through pcall, for <seconds> of
-- CPU time (os.clock). Prints key=value lines, among them events_per_s=N.
--
-- Without file names, every *.lua of the folder (except *_test.lua) is loaded, sorted.

local rules_dir, seconds = arg[1], tonumber(arg[2])
if not rules_dir or not seconds then
  io.stderr:write("usage: lua5.4 baseline.lua <rules-dir> <seconds> [file.lua ...]\n")
  os.exit(2)
end

-- ---- the event ------------------------------------------------------------------------
-- What EventBuilder.message() holds; ev.time is a float, as the host passes it.
local EVENT = {
  kind = "message",
  id = "aWdfZAG1faWQ6MTIzNDU2Nzg5",
  time = 1795000000.0,
  account = "17841400000000001",
  text = "Hi! What's the price of the blue dress?",
  attachments = {},
}
local CONTACT = {
  id = "1284567890123456",
  username = "ana.sousa",
  name = "Ana Sousa",
  display_name = "Ana Sousa",
}
local NOW = 1795000005.0

-- ---- dispatch state -------------------------------------------------------------------
local intents = {}       -- {name, payload, handler, index}
local tags = {}          -- the contact's tags, in order
local values = {}        -- the contact's values
local current_handler    -- the handler running now
local intents_of_handler = 0
local ev, contact        -- the event being handled and its contact

local ACCEPTED_OK, ACCEPTED = true, "accepted"

local function record(name, payload)
  intents[#intents + 1] = {name = name, payload = payload, handler = current_handler.name, index = intents_of_handler}
  intents_of_handler = intents_of_handler + 1
  return {ok = ACCEPTED_OK, verdict = ACCEPTED}
end

local function message(value, method)
  local t = type(value)
  if t == "string" then
    if value == "" then error(method .. ": the message is empty", 3) end
    return {text = value}
  elseif t == "table" then
    local msg = {}
    for key, field in pairs(value) do
      if key == "text" or key == "image" or key == "file" then
        if type(field) ~= "string" then error(method .. ": " .. key .. " must be a string", 3) end
        msg[key] = field
      elseif key == "quick_replies" and type(field) == "table" then
        local replies = {}
        for i, reply in ipairs(field) do
          if type(reply) == "string" then
            replies[i] = {title = reply, payload = reply}
          elseif type(reply) == "table" and type(reply.title) == "string" then
            replies[i] = {title = reply.title, payload = reply.payload or reply.title}
          else
            error(method .. ": quick replies are strings or {title = …, payload = …}", 3)
          end
        end
        msg.quick_replies = replies
      else
        error(method .. ": unexpected field " .. tostring(key) .. " in the message", 3)
      end
    end
    if not (msg.text and msg.text ~= "") and not msg.image and not msg.file then
      error(method .. ": the message needs text, an image or a file", 3)
    end
    return msg
  end
  error(method .. ": the message must be a string or a table {text = …}", 3)
end

local event_methods = {}
function event_methods.reply(self, msg)
  if self ~= ev then error("reply: call it on the event being handled", 2) end
  return record("reply", message(msg, "reply"))
end
function event_methods.private_reply(self, msg)
  if self ~= ev then error("private_reply: call it on the event being handled", 2) end
  if ev.kind ~= "comment" and ev.kind ~= "live_comment" then
    error("private_reply answers comments; this is a " .. ev.kind .. " event (use ev:reply)", 2)
  end
  return record("private_reply", message(msg, "private_reply"))
end
function event_methods.follow_up(self, delay, msg)
  if self ~= ev then error("follow_up: call it on the event being handled", 2) end
  if type(delay) ~= "number" or delay < 1 or delay > 7 * 24 * 3600 then
    error("follow_up: the delay must be a number of seconds from 1 to 604800 (7 days)", 2)
  end
  return record("follow_up", {seconds = delay, message = message(msg, "follow_up")})
end
function event_methods.handoff(self, reason)
  if self ~= ev then error("handoff: call it on the event being handled", 2) end
  if reason ~= nil and type(reason) ~= "string" then error("handoff: the reason must be a string", 2) end
  return record("handoff", reason or "")
end

local function contact_call(self, name, method)
  if self ~= contact then error(method .. ": call it on the contact of the event being handled", 3) end
  if type(name) ~= "string" or name == "" then error(method .. ": expects a non-empty string", 3) end
end

local contact_methods = {}
function contact_methods.tag(self, name)
  contact_call(self, name, "tag")
  local found = false
  for i = 1, #tags do if tags[i] == name then found = true break end end
  if not found then tags[#tags + 1] = name end
  return record("tag", name)
end
function contact_methods.untag(self, name)
  contact_call(self, name, "untag")
  for i = #tags, 1, -1 do if tags[i] == name then table.remove(tags, i) end end
  return record("untag", name)
end
function contact_methods.has_tag(self, name)
  contact_call(self, name, "has_tag")
  for i = 1, #tags do if tags[i] == name then return true end end
  return false
end
function contact_methods.get(self, key)
  contact_call(self, key, "get")
  return values[key]
end
function contact_methods.set(self, key, value)
  contact_call(self, key, "set")
  if #key > 64 then error("set: keys are at most 64 bytes", 2) end
  local t = type(value)
  if t ~= "nil" and t ~= "boolean" and t ~= "number" and t ~= "string" and t ~= "table" then
    error("set: values are nil, booleans, numbers, strings, or tables of them", 2)
  end
  values[key] = value
  return record("set", {key = key, value = value})
end

-- ---- text.* in plain Lua -----------------------------------------------------------------
-- fold: ASCII lower case, plus the common Latin-1 accented letters (UTF-8 C3 xx) folded to
-- their base letter; words: runs of bytes that are neither space nor ASCII punctuation (so
-- UTF-8 letters and emoji stay inside words, as in the host).
local ACCENTS = {}
do
  local plain = {
    a = "àáâãäåÀÁÂÃÄÅ", c = "çÇ", e = "èéêëÈÉÊË", i = "ìíîïÌÍÎÏ", n = "ñÑ",
    o = "òóôõöÒÓÔÕÖ", u = "ùúûüÙÚÛÜ", y = "ýÿÝ",
  }
  for base, accented in pairs(plain) do
    for ch in accented:gmatch(utf8.charpattern) do ACCENTS[ch] = base end
  end
end

local function fold(s)
  return (string.gsub(string.lower(s), "\195[\128-\191]", ACCENTS))
end

local function words(s)
  local list, n = {}, 0
  for w in string.gmatch(s, "[^%s%p]+") do
    n = n + 1
    list[n] = w
  end
  return list, n
end

local function words_match(subject, ns, wanted, nw, mode)
  if mode == "is" then
    if ns ~= nw then return false end
    for i = 1, nw do if subject[i] ~= wanted[i] then return false end end
    return true
  elseif mode == "starts" then
    if ns < nw then return false end
    for i = 1, nw do if subject[i] ~= wanted[i] then return false end end
    return true
  elseif mode == "ends" then
    if ns < nw then return false end
    local offset = ns - nw
    for i = 1, nw do if subject[offset + i] ~= wanted[i] then return false end end
    return true
  else -- contains
    for start = 0, ns - nw do
      local all = true
      for i = 1, nw do
        if subject[start + i] ~= wanted[i] then all = false break end
      end
      if all then return true end
    end
    return false
  end
end

local MODES = {is = true, contains = true, starts = true, ends = true}

local text_lib = {
  lower = string.lower,
  upper = string.upper,
  fold = fold,
  trim = function(s) return (string.match(s, "^%s*(.-)%s*$")) end,
  len = function(s) return utf8.len(s) or #s end,
  matches = function(subject, keywords, mode)
    if subject == nil then return nil end
    if type(subject) ~= "string" then error("text.matches: the first argument must be a string", 2) end
    if type(keywords) == "string" then keywords = {keywords}
    elseif type(keywords) ~= "table" then error("text.matches: the keywords must be a string or a list of strings", 2) end
    mode = mode or "contains"
    if not MODES[mode] then error("text.matches: unknown mode \"" .. tostring(mode) .. "\"", 2) end
    local subject_words, ns = words(fold(subject))
    for _, keyword in ipairs(keywords) do
      local wanted, nw = words(fold(keyword))
      if nw > 0 and words_match(subject_words, ns, wanted, nw, mode) then return keyword end
    end
    return nil
  end,
}

local log_lib = {
  info = function() end,
  warn = function() end,
  error = function() end,
}

local function now() return NOW end

-- ---- loading the rules ----------------------------------------------------------------
local handlers = {}
local loading_file
local sequence = 0

local function on(kind, fn, options)
  if not loading_file then error("on() registers handlers while the rule file loads", 2) end
  if type(kind) ~= "string" then error("on: the first argument must be an event kind", 2) end
  if type(fn) ~= "function" then error("on: the second argument must be the handler function", 2) end
  local info = debug.getinfo(2, "l")
  options = options or {}
  sequence = sequence + 1
  handlers[#handlers + 1] = {
    kind = kind, fn = fn, file = loading_file, priority = options.priority or 0,
    name = options.name or (loading_file .. ":" .. info.currentline), sequence = sequence,
  }
end

local files = {}
for i = 3, #arg do files[#files + 1] = arg[i] end
if #files == 0 then
  local ls = assert(io.popen("cd '" .. rules_dir:gsub("'", "'\\''") .. "' && LC_ALL=C ls -1"))
  for name in ls:lines() do
    if name:match("%.lua$") and not name:match("_test%.lua$") then files[#files + 1] = name end
  end
  ls:close()
  table.sort(files)
end

for _, name in ipairs(files) do
  local f = assert(io.open(rules_dir .. "/" .. name, "rb"))
  local source = f:read("a")
  f:close()
  local env = setmetatable({on = on, text = text_lib, log = log_lib, now = now}, {__index = _G})
  local chunk, err = load(source, "@" .. name, "t", env)
  if not chunk then io.stderr:write(err, "\n") os.exit(1) end
  loading_file = name
  local ok, load_err = pcall(chunk)
  loading_file = nil
  if not ok then io.stderr:write(tostring(load_err), "\n") os.exit(1) end
end

local message_handlers = {}
for _, h in ipairs(handlers) do
  if h.kind == EVENT.kind then message_handlers[#message_handlers + 1] = h end
end
table.sort(message_handlers, function(a, b)
  if a.priority ~= b.priority then return a.priority > b.priority end
  if a.file ~= b.file then return a.file < b.file end
  return a.sequence < b.sequence
end)
local nhandlers = #message_handlers

-- ---- the event tables, built once ---------------------------------------------------------
contact = setmetatable({
  id = CONTACT.id, username = CONTACT.username, name = CONTACT.name,
  display_name = CONTACT.display_name, tags = tags,
}, {__index = contact_methods})
ev = setmetatable({
  kind = EVENT.kind, id = EVENT.id, time = EVENT.time, account = EVENT.account,
  text = EVENT.text, attachments = EVENT.attachments, contact = contact,
}, {__index = event_methods})

-- ---- dispatch ------------------------------------------------------------------------------
local failures = 0
local last_failure

local pcall = pcall
local function dispatch()
  intents = {}
  for i = #tags, 1, -1 do tags[i] = nil end
  values = {}
  for i = 1, nhandlers do
    local h = message_handlers[i]
    current_handler = h
    intents_of_handler = 0
    local before = #intents
    local ok, err = pcall(h.fn, ev)
    if not ok then
      for j = #intents, before + 1, -1 do intents[j] = nil end
      failures = failures + 1
      last_failure = err
    end
  end
  return #intents
end

-- sanity: what one event produces
local count = dispatch()
local names = {}
for i, intent in ipairs(intents) do names[i] = intent.name end
print("handlers=" .. nhandlers)
print("intents=" .. count)
print("intent_list=" .. table.concat(names, ","))
print("failures=" .. failures)
if failures > 0 then io.stderr:write("baseline: a handler failed: ", tostring(last_failure), "\n") os.exit(1) end

local BATCH = 64
local clock = os.clock

-- warm-up
local warm_until = clock() + math.min(0.2, seconds / 5)
while clock() < warm_until do
  for _ = 1, BATCH do dispatch() end
end
if failures > 0 then io.stderr:write("baseline: a handler failed: ", tostring(last_failure), "\n") os.exit(1) end

local events, checksum = 0, 0
local start = clock()
local elapsed
repeat
  for _ = 1, BATCH do checksum = checksum + dispatch() end
  events = events + BATCH
  elapsed = clock() - start
until elapsed >= seconds

if failures > 0 then io.stderr:write("baseline: a handler failed: ", tostring(last_failure), "\n") os.exit(1) end
print("events=" .. events)
print("seconds=" .. string.format("%.4f", elapsed))
print("checksum=" .. checksum)
print("events_per_s=" .. string.format("%.1f", events / elapsed))
