-- wrk script of scripts/bench: posts pre-signed webhook bodies.
--
--   [WRK_ONCE=1] [WRK_DELAY_MS=N] wrk -s post.lua URL -- PATH FILE
--
-- FILE.<n> (one file per wrk thread, n from 0) holds one request per line: the
-- X-Hub-Signature-256 value, a tab, the body (JSON has no raw newlines). wrk's Lua has no
-- HMAC, so scripts/luagramkit/bench signs the bodies beforehand.
-- By default the file starts again at its end (ingest: duplicate bodies are fine there).
-- WRK_ONCE=1: each body is posted exactly once, then the thread stops as soon as all its
-- posts are answered (the viral burst); the few requests that keep the loop turning
-- meanwhile are GET /bench/none, a 404 that stores nothing. See WRK_DONE below.
-- WRK_DELAY_MS=N: each connection waits N ms before each request (a paced load).

local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

local once = os.getenv("WRK_ONCE") == "1"
local file, path
local posted, answered, failed, exhausted = 0, 0, 0, false

function init(args)
  path = args[1]
  file = assert(io.open(args[2] .. "." .. id, "rb"))
end

local function next_line()
  local line = file:read("*l")
  if line == nil and not once then
    file:seek("set")
    line = file:read("*l")
  end
  return line
end

-- wrk 4 calls request() once on the first thread's state before the run, to check the
-- script; that call must neither use up a body nor count as a post.
local checked = false

function request()
  if id == 0 and not checked then
    checked = true
    return wrk.format("GET", "/bench/none")
  end
  if not exhausted then
    local line = next_line()
    if line then
      local tab = line:find("\t", 1, true)
      posted = posted + 1
      return wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
    end
    exhausted = true
  end
  return wrk.format("GET", "/bench/none")
end

local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "")
if delay_ms and delay_ms > 0 then
  function delay() return delay_ms end
elseif once then
  -- once the bodies are used up, the 404s only wait for the last answers: slowly
  function delay() return exhausted and 20 or 0 end
end

-- WRK_ONCE: wrk's own clock runs for its whole -d whatever the threads do, so a thread
-- that is done writes the file WRK_DONE.<n> and stops; luagramkit.bench.wrk ends wrk with SIGINT once
-- every thread has.
local done_prefix = os.getenv("WRK_DONE")
if once then
  function response(status, headers, body)
    if status ~= 404 then
      answered = answered + 1
      if status ~= 200 then failed = failed + 1 end
    end
    if exhausted and answered >= posted then
      if done_prefix then
        local f = io.open(done_prefix .. "." .. id, "w")
        if f then f:write(posted, " ", failed, "\n"); f:close() end
      end
      wrk.thread:stop()
    end
  end
end
