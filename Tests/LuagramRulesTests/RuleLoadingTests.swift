import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Loading rule files")
struct RuleLoadingTests {
    @Test("a rule file registers handlers with on")
    func registersHandlers() throws {
        let rules = try RuleSet([
            ("welcome.lua", """
            on("message", function(ev) ev:reply("hi") end)
            on("comment", function(ev) end, {priority = 5, name = "comments"})
            """)
        ])
        #expect(rules.errors.isEmpty)
        #expect(rules.files.map(\.name) == ["welcome.lua"])
        #expect(rules.handlers(for: .message).map(\.name) == ["welcome.lua:1"])
        #expect(rules.handlers(for: .comment).map(\.name) == ["comments"])
        #expect(rules.handlers(for: .comment).first?.priority == 5)
    }

    @Test(
        "a broken file is reported as file:line: message",
        arguments: [
            ("local x = ", "bad.lua:1:", "unexpected symbol near <eof>"),
            ("\n\nerror('boom')", "bad.lua:3:", "boom"),
            ("local t = nil\nlocal y = t.x", "bad.lua:2:", "attempt to index a nil value"),
            ("\non('dm', function() end)", "bad.lua:2:", "unknown event kind \"dm\""),
            ("local f = io.open('/etc/passwd')", "bad.lua:1:", "attempt to index a nil value (global 'io')"),
            ("on('message', 'not a function')", "bad.lua:1:", "the second argument must be the handler function"),
            ("on('message', function() end, {prio = 1})", "bad.lua:1:", "unknown option 'prio'"),
        ])
    func brokenFileIsReported(source: String, prefix: String, fragment: String) throws {
        let rules = try RuleSet([("bad.lua", source), ("good.lua", "on('message', function(ev) ev:reply('ok') end)")])
        #expect(rules.errors.count == 1)
        let error = try #require(rules.errors.first)
        #expect(error.description.hasPrefix(prefix), "\(error)")
        #expect(error.message.contains(fragment), "\(error)")
        #expect(rules.files.map(\.name) == ["good.lua"])
        #expect(rules.dispatch(EventBuilder.message()).replies == ["ok"])
    }

    @Test("a file that fails after registering leaves no handler behind")
    func failedFileLeavesNoHandlers() throws {
        let rules = try RuleSet([("half.lua", "on('message', function(ev) ev:reply('half') end)\nerror('later')")])
        #expect(rules.handlers(for: .message).isEmpty)
        #expect(rules.errors.map(\.description) == ["half.lua:2: later"])
    }

    @Test("a load phase that loops forever fails with a budget error")
    func endlessLoadPhase() throws {
        let options = RuleOptions(budgets: LuaBudgets(loadTime: .milliseconds(100)))
        let start = ContinuousClock.now
        let rules = try RuleSet([("loop.lua", "on('message', function() end)\nwhile true do end")], options: options)
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(rules.errors.map(\.description) == ["loop.lua:2: CPU budget exceeded (100 ms)"])
    }

    @Test("a load phase that allocates without end fails with a memory error")
    func endlessAllocation() throws {
        let options = RuleOptions(budgets: LuaBudgets(memoryBytes: 4 << 20, loadTime: .seconds(10)))
        let rules = try RuleSet([("hog.lua", "local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end")], options: options)
        #expect(rules.errors.count == 1)
        #expect(rules.errors.first?.message.contains("memory budget exceeded (4 MiB)") == true)
    }

    @Test("on cannot be called from a handler")
    func onOnlyAtLoad() throws {
        let rules = try RuleSet([("late.lua", "on('message', function(ev) on('message', function() end) end)")])
        let result = rules.dispatch(EventBuilder.message())
        #expect(result.failures.count == 1)
        #expect(result.failures.first?.error.message.contains("late.lua:1: on() registers handlers while the rule file loads") == true)
    }

    @Test("a folder loads its rule files in path order and skips tests and hidden files")
    func folderLoading() throws {
        let folder = try TemporaryFolder()
        try folder.write("b.lua", "on('message', function(ev) ev:reply('b') end)")
        try folder.write("a.lua", "on('message', function(ev) ev:reply('a') end)")
        try folder.write("sub/c.lua", "on('message', function(ev) ev:reply('c') end)")
        try folder.write("a_test.lua", "error('tests are not rules')")
        try folder.write(".hidden.lua", "error('hidden files are not rules')")
        try folder.write("notes.txt", "not lua")
        let rules = try RuleSet(folder: folder.path, now: EventBuilder.time)
        #expect(rules.errors.isEmpty)
        #expect(rules.files.map(\.name) == ["a.lua", "b.lua", "sub/c.lua"])
        #expect(rules.dispatch(EventBuilder.message()).replies == ["a", "b", "c"])
    }

    @Test("a missing folder is an error, not an empty rule set")
    func missingFolder() {
        #expect(throws: RuleFolderError.self) { try RuleSet(folder: "/nonexistent/rules", now: EventBuilder.time) }
    }
}
