-- luacheck's configuration for Luagram rules (`luacheck .` in this folder).
-- Generated from the rule API registry (Sources/LuagramRules/API) by
-- `luagram init --editor-files-only DIR`; do not edit, regenerate it.

-- Lua 5.4 as the sandbox offers it: what the sandbox removes is not there.
std = "lua54"
not_globals = {
  "arg", "debug", "dofile", "io", "loadfile", "os.execute", "os.exit", "os.getenv", "os.remove",
  "os.rename", "os.setlocale", "os.tmpname", "package", "require", "string.dump", "warn",
}

-- The host's functions and libraries: rules call them, never replace them.
read_globals = {
  "on",
  "broadcast",
  "now",
  "print",
  log = { fields = { "info", "warn", "error" } },
  text = { fields = { "lower", "upper", "fold", "matches", "trim", "len" } },
}

-- Setting a global is flagged (luacheck's default): it would stay in its file, since each
-- rule file has its own environment, but it is usually a forgotten `local`.

-- Handlers and tests may ignore their event or context; reply texts make long lines.
ignore = { "212/ev", "212/t" }
max_line_length = false

-- The editor definitions are declarations, not rules. Patterns start with `**/` because
-- luacheck anchors them at the folder it runs in, which need not be this one.
exclude_files = { "**/.luagram/**" }

-- Tests (`*_test.lua`) also have the test API.
files["**/*_test.lua"] = { read_globals = { "test" } }
