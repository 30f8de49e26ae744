import Foundation
import LuagramLua
import Testing

@Suite("Budgets")
struct BudgetTests {
    static let budgets = LuaBudgets(memoryBytes: 4 << 20, handlerTime: .milliseconds(50))

    /// Runs `source`, expecting it to fail with `kind`, then checks the VM still answers.
    private func expectAbort(
        _ source: String, kind: LuaError.Kind, timeout: Duration = .milliseconds(50), within limit: Duration = .seconds(2)
    ) throws -> LuaError? {
        let vm = try LuaVM(budgets: Self.budgets)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: LuaError.self) { try vm.run(source, timeout: timeout) }
        #expect(clock.now - start < limit)
        #expect(error?.kind == kind, "\(String(describing: error))")
        #expect(try vm.run("return 1 + 1") == [2])
        return error
    }

    @Test("an endless loop is stopped")
    func endlessLoop() throws {
        let error = try expectAbort("while true do end", kind: .time)
        #expect(error?.message == "test.lua:1: CPU budget exceeded (50 ms)")
    }

    @Test("an endless loop inside pcall is still stopped")
    func endlessLoopInsidePcall() throws {
        _ = try expectAbort(
            """
            for i = 1, 1e9 do
              pcall(function() while true do end end)
              pcall(error, "again")
            end
            """, kind: .time)
    }

    @Test("an endless loop inside a coroutine made before the call is stopped")
    func endlessLoopInsideCoroutine() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        let env = vm.newEnvironment()
        let source = "co = coroutine.wrap(function() while true do end end) function run() return pcall(co) end"
        try vm.call(vm.load(Array(source.utf8), chunkName: "@co.lua", environment: env), timeout: .seconds(1))
        let run = try #require(vm.field("run", of: env))
        let error = #expect(throws: LuaError.self) { try vm.call(run, timeout: .milliseconds(50)) }
        #expect(error?.kind == .time)
        #expect(try vm.run("return 'alive'") == ["alive"])
    }

    @Test("the budget is CPU time: a call whose thread waits is not stopped")
    func waitingIsNotSpending() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        // stands for a thread that is descheduled on a busy machine
        vm.setGlobal("nap") { _ in
            usleep(150_000)
            return []
        }
        #expect(try vm.run("nap() return 'rested'", timeout: .milliseconds(50)) == ["rested"])
        #expect(throws: LuaError.self) { try vm.run("nap() while true do end", timeout: .milliseconds(50)) }
    }

    @Test("a string memory bomb fails with not enough memory")
    func stringMemoryBomb() throws {
        let error = try expectAbort(#"local s = string.rep("x", 1e9)"#, kind: .memory, timeout: .seconds(10))
        #expect(error?.message.contains("memory budget exceeded (4 MiB)") == true)
    }

    @Test("a growing table fails with not enough memory")
    func tableMemoryBomb() throws {
        // a generous clock, so that only the memory cap can end the call
        _ = try expectAbort("local t = {} for i = 1, 1e9 do t[i] = {i} end", kind: .memory, timeout: .seconds(10), within: .seconds(5))
    }

    @Test("a doubling string caught by pcall leaves the VM usable")
    func memoryErrorCaughtByTheRule() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        let result = try vm.run(
            #"local ok, err = pcall(function() local s = "x" while true do s = s .. s end end) return ok, err"#)
        #expect(result == [false, "not enough memory"])
        #expect(try vm.run("return 'ok'") == ["ok"])
    }

    @Test(
        "a backtracking pattern is stopped by the step budget, not by the clock",
        arguments: [
            #"return string.find(string.rep("a", 400), ".-.-.-b")"#,
            #"return (string.rep("a", 300)):match("^(.-)%s*(.-)%s*(.-)b$")"#,
            #"for w in string.rep("a", 400):gmatch(".-.-.-b") do end"#,
            #"return string.gsub(string.rep("a", 400), ".-.-.-b", "")"#,
        ])
    func patternBomb(source: String) throws {
        // a generous clock, so that only the step budget can end the call
        let error = try expectAbort(source, kind: .runtime, timeout: .seconds(10), within: .seconds(3))
        #expect(error?.message.contains("pattern too complex for the sandbox") == true)
    }

    @Test("a plain search of a 1 MB subject for a missing 1 KB needle finishes")
    func plainSearchIsLinear() throws {
        // a naive search would compare about a thousand bytes at each of a million positions
        let vm = try LuaVM(budgets: Self.budgets)
        let result = try vm.run(
            #"""
            local subject = string.rep("a", 1 << 20)
            local needle = string.rep("a", 1023) .. "b"
            local count = 0
            for _ in subject:gmatch(needle) do count = count + 1 end
            return subject:find(needle, 1, true), subject:find(needle), count, (subject:gsub(needle, "")) == subject
            """#, timeout: .seconds(10))
        #expect(result == [.nil, .nil, 0, true])
    }

    @Test("ordinary patterns still work")
    func ordinaryPatterns() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        let result = try vm.run(
            #"""
            local text = "  Hello PRICE list 42  "
            local trimmed = text:match("^%s*(.-)%s*$")
            local words = {}
            for w in trimmed:gmatch("%a+") do words[#words + 1] = w end
            return trimmed, #words, (trimmed:gsub("%d+", "#")), trimmed:find("PRICE", 1, true)
            """#)
        #expect(result == ["Hello PRICE list 42", 3, "Hello PRICE list #", 7, 11])
    }

    @Test("a __gc metatable is refused before it can hang the collector")
    func gcMetatable() throws {
        let error = try expectAbort("setmetatable({}, {__gc = function() while true do end end}) collectgarbage('count')", kind: .runtime)
        #expect(error?.message.contains("__gc") == true)
    }

    @Test("deep recursion ends with an error")
    func deepRecursion() throws {
        // Lua's own stack limit or the memory cap, whichever comes first, ends it
        let vm = try LuaVM(budgets: Self.budgets)
        let error = #expect(throws: LuaError.self) { try vm.run("local function f(n) return 1 + f(n + 1) end return f(1)") }
        #expect(error?.kind == .memory || error?.message.contains("stack overflow") == true, "\(String(describing: error))")
        #expect(try vm.run("return 1 + 1") == [2])
    }

    @Test("a budget error does not leak into the next call")
    func nextCallGetsAFreshBudget() throws {
        let vm = try LuaVM(budgets: Self.budgets)
        #expect(throws: LuaError.self) { try vm.run("while true do end", timeout: .milliseconds(20)) }
        for _ in 0..<20 {
            #expect(try vm.run("local n = 0 for i = 1, 1000 do n = n + i end return n") == [500_500])
        }
    }
}
