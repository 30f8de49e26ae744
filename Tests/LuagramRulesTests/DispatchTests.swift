import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Dispatching events to handlers")
struct DispatchTests {
    @Test("handlers run by priority, then file name, then registration order")
    func deterministicOrder() throws {
        let rules = try RuleSet([
            ("b.lua", "on('message', function(ev) ev:reply('b1') end)\non('message', function(ev) ev:reply('b2') end)"),
            ("a.lua", "on('message', function(ev) ev:reply('a1') end)\non('message', function(ev) ev:reply('a-high') end, {priority = 10})"),
            ("c.lua", "on('message', function(ev) ev:reply('c-low') end, {priority = -1})"),
        ])
        for _ in 0..<3 {
            #expect(rules.dispatch(EventBuilder.message()).replies == ["a-high", "a1", "b1", "b2", "c-low"])
        }
    }

    @Test("only handlers of the event's kind run")
    func onlyMatchingKind() throws {
        let rules = try RuleSet([("r.lua", "on('comment', function(ev) ev:private_reply('dm') end)\non('message', function(ev) ev:reply('m') end)")])
        let result = rules.dispatch(EventBuilder.comment())
        #expect(result.handlersRun == 1)
        #expect(result.intents.map(\.intent) == [.privateReply(OutgoingMessage(text: "dm"))])
    }

    @Test("a failing handler is reported with file:line and the event id, and the others still run")
    func failingHandlerIsIsolated() throws {
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) ev:reply('first') end)"),
            ("b.lua", "on('message', function(ev)\n  ev:reply('dropped')\n  ev.contact:tag('dropped')\n  local n = nil + 1\nend)"),
            ("c.lua", "on('message', function(ev) ev:reply('third') end)"),
        ])
        let result = rules.dispatch(EventBuilder.message(id: "mid.42"))
        #expect(result.replies == ["first", "third"])
        #expect(result.contact.tags == [])
        let failure = try #require(result.failures.first)
        #expect(failure.eventID == "mid.42")
        #expect(failure.handler.file == "b.lua")
        #expect(failure.description.hasPrefix("b.lua:4: attempt to perform arithmetic on a nil value"))
        #expect(failure.description.hasSuffix("(handler b.lua:1, event mid.42)"))
    }

    @Test("a handler that loops forever is stopped and the next handler and event are served")
    func endlessHandler() throws {
        let options = RuleOptions(budgets: LuaBudgets(handlerTime: .milliseconds(30)))
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) if ev.text == 'loop' then while true do end end end)"),
            ("b.lua", "on('message', function(ev) ev:reply('still here') end)"),
        ], options: options)
        let looped = rules.dispatch(EventBuilder.message("loop"))
        #expect(looped.failures.map(\.error.kind) == [.time])
        #expect(looped.replies == ["still here"])
        #expect(rules.dispatch(EventBuilder.message("hello")).failures.isEmpty)
    }

    @Test("a handler that runs out of its budget three times in ten minutes is skipped for ten minutes; the others go on")
    func repeatedOverrunsSuspend() throws {
        let options = RuleOptions(budgets: LuaBudgets(handlerTime: .milliseconds(20)))
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) ev:reply('a') if ev.text == 'loop' then while true do end end end)"),
            ("b.lua", "on('message', function(ev) ev:reply('b') end)"),
        ], options: options)
        let t0 = EventBuilder.time
        for second in 0..<2 {
            let result = rules.dispatch(EventBuilder.message("loop"), at: t0.addingTimeInterval(Double(second)))
            #expect(result.failures.map(\.suspendedUntil) == [nil])
        }
        let third = rules.dispatch(EventBuilder.message("loop"), at: t0.addingTimeInterval(2))
        #expect(third.failures.map(\.suspendedUntil) == [t0.addingTimeInterval(602)])
        #expect(third.failures.first?.description.contains("suspended until 2026-") == true)

        // Suspended: not run at all, not even on harmless events; b still answers.
        let skipped = rules.dispatch(EventBuilder.message("hello"), at: t0.addingTimeInterval(3))
        #expect(skipped.failures.isEmpty && skipped.replies == ["b"] && skipped.handlersRun == 1)
        // Back after the suspension.
        #expect(rules.dispatch(EventBuilder.message("hello"), at: t0.addingTimeInterval(602)).replies == ["a", "b"])
    }

    @Test("overruns spread wider than the window do not suspend, and runtime errors never do")
    func sparseOverrunsDoNotSuspend() throws {
        let options = RuleOptions(budgets: LuaBudgets(handlerTime: .milliseconds(20)))
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) if ev.text == 'loop' then while true do end end error('plain bug') end)")
        ], options: options)
        let t0 = EventBuilder.time
        for minutes in [0.0, 6, 12, 18] {
            let result = rules.dispatch(EventBuilder.message("loop"), at: t0.addingTimeInterval(minutes * 60))
            #expect(result.failures.map(\.suspendedUntil) == [nil])
        }
        for second in 0..<5 {
            let result = rules.dispatch(EventBuilder.message("bug"), at: t0.addingTimeInterval(Double(2000 + second)))
            #expect(result.failures.map(\.error.kind) == [.runtime])
            #expect(result.failures.map(\.suspendedUntil) == [nil])
        }
    }

    @Test("the event table is read-only and complete")
    func eventTable() throws {
        let rules = try RuleSet([
            ("probe.lua", """
            on('comment', function(ev)
              local ok = pcall(function() ev.text = 'changed' end)
              ev:private_reply(table.concat({
                ev.kind, ev.id, ev.account, ev.text, ev.contact.id, ev.contact.username, ev.contact.name,
                ev.contact.display_name, ev.media.id, tostring(ok), tostring(math.type(ev.time)), tostring(#ev.attachments),
              }, '|'))
            end)
            """)
        ])
        let result = rules.dispatch(EventBuilder.comment("Price?", id: "c1"))
        #expect(result.failures.isEmpty, "\(result.failures)")
        let expected = "comment|c1|\(EventBuilder.account)|Price?|1284567890123456|ana.sousa|Ana Sousa|Ana Sousa|17895695668004550|false|float|0"
        #expect(result.intents.map(\.intent) == [.privateReply(OutgoingMessage(text: expected))])
    }

    @Test("a contact without a name is displayed by username, then by id")
    func displayName() throws {
        let rules = try RuleSet([("n.lua", "on('message', function(ev) ev:reply(ev.contact.display_name) end)")])
        let byUsername = rules.dispatch(EventBuilder.message(contact: Contact(id: "99", username: "shopper")))
        let byID = rules.dispatch(EventBuilder.message(contact: Contact(id: "99")))
        #expect(byUsername.replies + byID.replies == ["shopper", "99"])
    }

    @Test("an event kept by a rule cannot be answered later")
    func staleEvent() throws {
        let rules = try RuleSet([("keep.lua", "local last\non('message', function(ev) if last then last:reply('late') end last = ev end)")])
        #expect(rules.dispatch(EventBuilder.message(id: "1")).failures.isEmpty)
        let second = rules.dispatch(EventBuilder.message(id: "2"))
        #expect(second.failures.first?.error.message.contains("an event kept from earlier can no longer be answered") == true)
    }

    @Test("handlers of one event cannot change what the next handler sees")
    func eventIsolation() throws {
        let rules = try RuleSet([
            ("a.lua", "on('message', function(ev) pcall(rawset, ev, 'text', 'hacked') pcall(function() ev.contact.tags[1] = 'x' end) end)"),
            ("b.lua", "on('message', function(ev) ev:reply(ev.text .. ' ' .. #ev.contact.tags) end)"),
        ])
        #expect(rules.dispatch(EventBuilder.message("original")).replies == ["original 0"])
    }
}
