import LuagramLua
import Testing

@Suite("The sandbox")
struct SandboxTests {
    @Test(
        "forbidden globals are absent",
        arguments: [
            "io", "debug", "package", "require", "dofile", "loadfile", "loadstring", "module",
            "os.execute", "os.exit", "os.getenv", "os.remove", "os.rename", "os.tmpname", "os.setlocale",
            "string.dump",
        ])
    func forbiddenGlobalIsAbsent(path: String) throws {
        let vm = try LuaVM()
        let result = try vm.run("return \(path) == nil")
        #expect(result == [true])
    }

    @Test("the allowed libraries are there")
    func allowedLibrariesArePresent() throws {
        let vm = try LuaVM()
        let result = try vm.run(
            """
            return type(string.format), type(table.concat), type(math.floor), type(utf8.char),
              type(os.time), type(os.date), type(os.clock), type(os.difftime), type(coroutine.wrap),
              type(pcall), type(load), type(setmetatable)
            """)
        #expect(result == Array(repeating: "function", count: 12))
    }

    @Test("load refuses binary chunks")
    func loadRefusesBinaryChunks() throws {
        let vm = try LuaVM()
        #expect(throws: LuaError.self) { try vm.run(#"return load("\27Lua", "x", "b")"#) }
        let result = try vm.run(#"local f, err = load("\27Lua\84\0") return f == nil, err ~= nil"#)
        #expect(result == [true, true])
    }

    @Test("load compiles text into the rule's own environment")
    func loadUsesTheRulesEnvironment() throws {
        let vm = try LuaVM()
        let result = try vm.run(#"answer = 42 return load("return answer")()"#)
        #expect(result == [42])
    }

    @Test("collectgarbage allows only count")
    func collectGarbageAllowsOnlyCount() throws {
        let vm = try LuaVM()
        #expect(try vm.run(#"return type(collectgarbage("count"))"#) == ["number"])
        for option in ["collect", "stop", "step", "incremental", "generational"] {
            let error = #expect(throws: LuaError.self) { try vm.run(#"collectgarbage("\#(option)")"#) }
            #expect(error?.message.contains("only \"count\"") == true)
        }
        #expect(throws: LuaError.self) { try vm.run("collectgarbage()") }
    }

    @Test("globals set by one rule file are invisible to another")
    func globalsStayInTheirFile() throws {
        let vm = try LuaVM()
        try vm.run("secret = 'mine'; string.format = nil; table.insert = print", name: "a.lua")
        let result = try vm.run("return secret, type(string.format), type(table.insert)", name: "b.lua")
        #expect(result == [.nil, "function", "function"])
    }

    @Test("the shared string metatable is frozen")
    func stringMetatableIsFrozen() throws {
        let vm = try LuaVM()
        #expect(try vm.run(#"return getmetatable("")"#) == [false])
        #expect(throws: LuaError.self) { try vm.run(#"setmetatable("", {})"#) }
        try vm.run(#"string.upper = function() return "hacked" end"#, name: "a.lua")
        #expect(try vm.run(#"return ("abc"):upper()"#, name: "b.lua") == ["ABC"])
        #expect(try vm.run(#"return ("abc").dump"#) == [.nil])
    }

    @Test("setmetatable refuses __gc")
    func setmetatableRefusesFinalizers() throws {
        let vm = try LuaVM()
        let error = #expect(throws: LuaError.self) {
            try vm.run("setmetatable({}, {__gc = function() while true do end end})")
        }
        #expect(error?.message == "test.lua:1: __gc metamethods are not allowed in rules")
        #expect(try vm.run("return getmetatable(setmetatable({}, {__index = {x = 1}})).__index.x") == [1])
    }

    @Test("frozen tables refuse every kind of write")
    func frozenTablesRefuseWrites() throws {
        let vm = try LuaVM()
        let data = vm.makeValue(.map(["text": "hi", "tags": .array(["a", "b"])]))
        let frozen = try vm.freeze(data)
        let check = try vm.load(
            Array(
                """
                local ev = ...
                local results = {}
                results[1] = pcall(function() ev.text = "x" end)
                results[2] = pcall(rawset, ev, "text", "x")
                results[3] = pcall(setmetatable, ev, {})
                results[4] = pcall(function() ev.tags[1] = "z" end)
                results[5] = getmetatable(ev)
                local keys = 0
                for _ in pairs(ev) do keys = keys + 1 end
                return results[1], results[2], results[3], results[4], results[5], ev.text, #ev.tags, ev.tags[2], keys
                """.utf8), chunkName: "@check.lua", environment: vm.newEnvironment())
        let result = try vm.call(check, refs: [frozen], timeout: .seconds(1))
        #expect(result == [false, false, false, false, false, "hi", 2, "b", 2])
    }

    @Test("print does not reach stdout: it is the host's to define")
    func printIsNotBuiltIn() throws {
        let vm = try LuaVM()
        #expect(try vm.run("return print") == [.nil])
    }

    @Test("os.time and os.date read the host clock")
    func osTimeReadsTheHostClock() throws {
        let vm = try LuaVM()
        vm.now = 86_400 * 365
        #expect(try vm.run("return os.time(), os.date('!%Y-%m-%d')") == [31_536_000, "1971-01-01"])
        #expect(try vm.run("return os.time({year = 2000, month = 1, day = 1, hour = 12})") != [.nil])
    }
}
