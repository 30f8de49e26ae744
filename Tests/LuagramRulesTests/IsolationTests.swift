import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Rule files kept apart")
struct IsolationTests {
    @Test("a file that hoards memory fails and is suspended; an innocent file keeps working")
    func hoarderIsBlamed() throws {
        let options = RuleOptions(budgets: LuaBudgets(memoryBytes: 2 << 20, handlerTime: .milliseconds(200)))
        let rules = try RuleSet(
            [
                ("a_hoarder.lua", "kept = {}\non('message', function(ev)\n  kept[#kept + 1] = ('x'):rep(400000) .. #kept\nend)"),
                ("b_innocent.lua", "on('message', function(ev)\n  local t = {}\n  for i = 1, 2000 do t[i] = {i} end\n  ev:reply('ok ' .. #t)\nend)"),
            ], options: options)
        var hoarderFailures: [HandlerFailure] = []
        for round in 0..<8 {
            let result = rules.dispatch(EventBuilder.message(id: "mid.\(round)"))
            #expect(result.replies == ["ok 2000"], "round \(round): \(result.failures.map(\.description))")
            #expect(result.failures.allSatisfy { $0.handler.file == "a_hoarder.lua" })
            hoarderFailures += result.failures
        }
        #expect(hoarderFailures.contains { $0.error.kind == .memory })
        #expect(hoarderFailures.last?.description.hasPrefix("a_hoarder.lua:3: memory budget exceeded (2 MiB)") == true)
        #expect(hoarderFailures.contains { $0.suspendedUntil != nil })
    }

    @Test("a file's random seed does not fix another file's numbers")
    func separateRandomState() throws {
        let seeded = "on('message', function(ev) math.randomseed(7) ev:reply(tostring(math.random(1, 1e12))) end)"
        let rules = try RuleSet([
            ("a.lua", seeded),
            ("b.lua", "on('message', function(ev) ev:reply(tostring(math.random(1, 1e12))) end)"),
        ])
        let replies = (0..<3).map { rules.dispatch(EventBuilder.message(id: "mid.\($0)")).replies }
        #expect(Set(replies.map { $0[0] }).count == 1, "the seeded file repeats itself")
        #expect(Set(replies.map { $0[1] }).count == 3, "the other file is not seeded by it")
        #expect(!replies.map { $0[1] }.contains(replies[0][0]))
    }

    @Test("a tag added by one file's handler is seen by the next file's handler")
    func tagsAcrossFiles() throws {
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) ev.contact:tag('lead') end)"),
            ("b.lua", "on('message', function(ev) ev:reply(table.concat(ev.contact.tags, ',')) end)"),
        ])
        #expect(rules.dispatch(EventBuilder.message()).replies == ["lead"])
    }

    @Test("globals of one file are invisible to another")
    func separateGlobals() throws {
        let rules = try RuleSet([
            ("a.lua", "shared = 'from a'\non('message', function(ev) end)"),
            ("b.lua", "on('message', function(ev) ev:reply(tostring(shared)) end)"),
        ])
        #expect(rules.dispatch(EventBuilder.message()).replies == ["nil"])
    }

    @Test("a file registers at most 1000 handlers")
    func handlerLimit() throws {
        let rules = try RuleSet([("many.lua", "for i = 1, 5000 do\n  on('message', function(ev) end)\nend")])
        #expect(rules.errors.map(\.description) == ["many.lua:2: on: a rule file registers at most 1000 handlers"])
    }

    @Test("a string cut inside a character is reported as not valid UTF-8, naming the function")
    func invalidUTF8() throws {
        let rules = try RuleSet([
            ("cut.lua", "on('message', function(ev)\n  ev:reply(('olá 😀'):sub(1, 6))\nend)"),
            ("fold.lua", "on('message', function(ev)\n  text.fold(('😀'):sub(1, 2))\nend)"),
        ])
        let failures = rules.dispatch(EventBuilder.message()).failures.map(\.description)
        #expect(failures.count == 2)
        #expect(failures.first?.hasPrefix("cut.lua:2: reply: the message is not valid UTF-8") == true, "\(failures)")
        #expect(failures.last?.hasPrefix("fold.lua:2: text.fold: the text is not valid UTF-8") == true, "\(failures)")
    }

    @Test("text functions refuse inputs past their bounds before doing any work")
    func textBounds() throws {
        let rules = try RuleSet([
            ("long.lua", "on('message', function(ev)\n  text.matches(('a '):rep(100000), 'b')\nend)"),
            ("many.lua", "on('message', function(ev)\n  local k = {} for i = 1, 5000 do k[i] = 'w' .. i end\n  text.matches('hi', k)\nend)"),
        ])
        let failures = rules.dispatch(EventBuilder.message()).failures.map(\.error.detail)
        #expect(failures == [
            "text.matches: the text is longer than 65536 bytes",
            "text.matches: at most 1000 keywords of at most 1000 bytes each",
        ])
    }

    @Test("a cyclic table handed to a host function is refused with a clear error")
    func cyclicArgument() throws {
        let rules = try RuleSet([
            ("cycle.lua", "on('message', function(ev)\n  local t = {} t.t = t\n  ev.contact:set('k', t)\nend)"),
            ("log.lua", "on('message', function(ev)\n  local t = {} t.t = t\n  log.info(t)\n  ev:reply('logged')\nend)"),
        ])
        let result = rules.dispatch(EventBuilder.message())
        #expect(result.replies == ["logged"])
        #expect(result.failures.map(\.error.detail) == ["argument #3: a table that contains itself cannot be passed to the host"])
    }
}
