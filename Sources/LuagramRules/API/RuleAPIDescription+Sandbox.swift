// What rules keep of Lua's standard library. `sandbox` mirrors the allow-list in
// Sources/CLuaShim/lg_sandbox.c (`lg_sandbox_open`, `lg_sandbox_new_env`); a test loads a
// rule that lists its environment and compares it with this list and the host's globals.
// `lua54` is Lua 5.4's standard library (as luacheck's `lua54` std has it), so the lint file
// can remove exactly what the sandbox does not offer.

extension RuleAPIDescription {
    static let stringFields = [
        "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack", "packsize", "rep", "reverse", "sub",
        "unpack", "upper",
    ]
    static let tableFields = ["concat", "insert", "move", "pack", "remove", "sort", "unpack"]
    static let mathFields = [
        "abs", "acos", "asin", "atan", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max", "maxinteger", "min",
        "mininteger", "modf", "pi", "rad", "random", "randomseed", "sin", "sqrt", "tan", "tointeger", "type", "ult",
    ]
    static let utf8Fields = ["char", "charpattern", "codepoint", "codes", "len", "offset"]
    static let coroutineFields = ["close", "create", "isyieldable", "resume", "running", "status", "wrap", "yield"]

    static let sandbox: [APIStandardGlobal] =
        [
            "_G", "_VERSION", "assert", "collectgarbage", "error", "getmetatable", "ipairs", "load", "next", "pairs", "pcall",
            "rawequal", "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall",
        ].map { APIStandardGlobal($0) } + [
            APIStandardGlobal("coroutine", fields: coroutineFields),
            APIStandardGlobal("math", fields: mathFields),
            APIStandardGlobal("os", fields: ["clock", "date", "difftime", "time"]),
            APIStandardGlobal("string", fields: stringFields),
            APIStandardGlobal("table", fields: tableFields),
            APIStandardGlobal("utf8", fields: utf8Fields),
        ]

    static let lua54: [APIStandardGlobal] =
        [
            "_G", "_VERSION", "arg", "assert", "collectgarbage", "dofile", "error", "getmetatable", "ipairs", "load", "loadfile",
            "next", "pairs", "pcall", "print", "rawequal", "rawget", "rawlen", "rawset", "require", "select", "setmetatable",
            "tonumber", "tostring", "type", "warn", "xpcall",
        ].map { APIStandardGlobal($0) } + [
            APIStandardGlobal("coroutine", fields: coroutineFields),
            APIStandardGlobal(
                "debug",
                fields: [
                    "debug", "gethook", "getinfo", "getlocal", "getmetatable", "getregistry", "getupvalue", "getuservalue",
                    "sethook", "setcstacklimit", "setlocal", "setmetatable", "setupvalue", "setuservalue", "traceback",
                    "upvalueid", "upvaluejoin",
                ]),
            APIStandardGlobal(
                "io",
                fields: [
                    "close", "flush", "input", "lines", "open", "output", "popen", "read", "stderr", "stdin", "stdout", "tmpfile",
                    "type", "write",
                ]),
            APIStandardGlobal("math", fields: mathFields),
            APIStandardGlobal(
                "os",
                fields: ["clock", "date", "difftime", "execute", "exit", "getenv", "remove", "rename", "setlocale", "time", "tmpname"]),
            APIStandardGlobal(
                "package", fields: ["config", "cpath", "loaded", "loadlib", "path", "preload", "searchers", "searchpath"]),
            APIStandardGlobal("string", fields: ["dump"] + stringFields),
            APIStandardGlobal("table", fields: tableFields),
            APIStandardGlobal("utf8", fields: utf8Fields),
        ]
}
