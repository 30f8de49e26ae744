import Foundation
import LuagramLua
import Testing

/// The ways a rule could run past its budgets, each closed: code that Lua runs with its hooks
/// off, code on another thread, and long single C calls.
@Suite("No way out of the budgets")
struct EscapeTests {
    static let budgets = LuaBudgets(memoryBytes: 4 << 20, handlerTime: .milliseconds(50))

    /// Runs `source` with a 50 ms budget in a fresh VM, expects it to be stopped with one of
    /// `kinds` well before the 1 s wall-clock cap (20 budgets), then checks the VM answers.
    @discardableResult
    private func expectStopped(_ source: String, kinds: Set<LuaError.Kind> = [.time]) throws -> LuaError? {
        let vm = try LuaVM(budgets: Self.budgets)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: LuaError.self) { try vm.run(source, timeout: .milliseconds(50)) }
        #expect(clock.now - start < .seconds(1))
        #expect(error.map { kinds.contains($0.kind) } == true, "\(String(describing: error))")
        #expect(try vm.run("return 1 + 1") == [2])
        return error
    }

    @Test("an endless message handler of xpcall is not run once the budget is spent")
    func xpcallHandler() throws {
        let error = try expectStopped("xpcall(function() while true do end end, function() while true do end end)")
        #expect(error?.message == "test.lua:1: CPU budget exceeded (50 ms)")
    }

    @Test("a message handler still runs for an ordinary error")
    func xpcallHandlerRuns() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        let result = try vm.run("return xpcall(error, function(m) return 'handled: ' .. m end, 'oops', 0)")
        #expect(result == [false, "handled: oops"])
    }

    @Test("an endless __close of a coroutine stopped by the budget never runs")
    func closeOfStoppedCoroutine() throws {
        try expectStopped(
            """
            local co = coroutine.wrap(function()
              local guard <close> = setmetatable({}, {__close = function() while true do end end})
              while true do end
            end)
            co()
            """)
    }

    @Test("closing a coroutine the host stopped, in a later call, does not run its __close")
    func closeInLaterCall() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        let environment = vm.newEnvironment()
        let first = try vm.load(
            Array(
                """
                co = coroutine.create(function()
                  local guard <close> = setmetatable({}, {__close = function() while true do end end})
                  while true do end
                end)
                coroutine.resume(co)
                """.utf8), chunkName: "@first.lua", environment: environment)
        #expect(throws: LuaError.self) { try vm.call(first, timeout: .milliseconds(50)) }
        let second = try vm.load(Array("return coroutine.close(co)".utf8), chunkName: "@second.lua", environment: environment)
        #expect(try vm.call(second, timeout: .milliseconds(50)) == [false, "the coroutine was stopped by the host"])
    }

    @Test("an endless __close run by coroutine.close is stopped")
    func endlessCloseOnClose() throws {
        try expectStopped(
            """
            local co = coroutine.create(function()
              local guard <close> = setmetatable({}, {__close = function() while true do end end})
              coroutine.yield()
            end)
            coroutine.resume(co)
            coroutine.close(co)
            """)
    }

    @Test(
        "a long C call polls the CPU budget or is refused before the work",
        arguments: [
            "table.move({}, 1, 1e15, 2)",
            "local t = setmetatable({}, {__index = function() return 'x' end}) table.concat(t, '', 1, 1e12)",
            "local t = {} for i = 1, 3e5 do t[i] = -i end table.sort(t)",
            "local t = {} for i = 1, 3e5 do t[i] = i end for i = 1, 1e9 do table.insert(t, 1, i) end",
            "local t = {} for i = 1, 3e5 do t[i] = i end for i = 1, 1e9 do table.remove(t, 1) t[#t + 1] = i end",
            "table.sort({3, 2, 1}, function(a, b) while true do end end)",
            "tostring(setmetatable({}, {__tostring = function() while true do end end}))",
        ])
    func longCalls(source: String) throws {
        try expectStopped(source, kinds: [.time, .memory])
    }

    @Test("string.rep returns an empty result at once and refuses a result past the memory left")
    func stringRep() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        #expect(try vm.run("return #string.rep('', 1e15), #string.rep('', 1e15, '')") == [0, 0])
        #expect(try vm.run("return string.rep('ab', 3, ', ')") == ["ab, ab, ab"])
        let error = #expect(throws: LuaError.self) { try vm.run("return string.rep('x', 1e12)") }
        #expect(error?.kind == .memory)
        #expect(error?.message == "test.lua:1: memory budget exceeded (4 MiB): string.rep would make a string too large for it")
    }

    @Test("load refuses a chunk larger than 256 KiB")
    func loadLimit() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        let error = #expect(throws: LuaError.self) { try vm.run("return load(string.rep('x = 1 ', 50000))") }
        #expect(error?.message.contains("load: chunks larger than 256 KiB are not allowed in rules") == true)
    }

    @Test("the sandbox's table functions behave as Lua's")
    func tableFunctions() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        let source = """
            local t = {5, 3, 8, 1}
            table.sort(t)
            local sorted = table.concat(t, ",")
            table.sort(t, function(a, b) return a > b end)
            local down = table.concat(t, ",")
            table.insert(t, 2, 7)
            table.insert(t, 0)
            local removed = table.remove(t, 1)
            local moved = table.move({1, 2, 3}, 1, 3, 2)
            local last = table.remove({})
            return sorted, down, table.concat(t, ","), removed, table.concat(moved, ","), last,
              table.concat({1, 2.5, "x"}, "-", 2, 3)
            """
        #expect(try vm.run(source) == ["1,3,5,8", "8,5,3,1", "7,5,3,1,0", 8, "1,1,2,3", nil, "2.5-x"])
        let error = #expect(throws: LuaError.self) { try vm.run("table.insert({}, 5, 1)") }
        #expect(error?.message.contains("bad argument #2 to 'table.insert' (position out of bounds)") == true)
    }
}
