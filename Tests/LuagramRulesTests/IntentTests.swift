import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Intents recorded by rules")
struct IntentTests {
    @Test("replies take a string or a table with text, image, file and quick replies")
    func replyShapes() throws {
        let rules = try RuleSet([
            ("r.lua", """
            on('message', function(ev)
              ev:reply('plain')
              ev:reply({text = 'Pick one', quick_replies = {'Yes', {title = 'No', payload = 'NO'}}})
              ev:reply({image = 'https://shop.example/dress.jpg'})
              ev:reply({file = 'https://shop.example/catalog.pdf'})
            end)
            """)
        ])
        let result = rules.dispatch(EventBuilder.message())
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(
            result.intents.map(\.intent) == [
                .reply(OutgoingMessage(text: "plain")),
                .reply(OutgoingMessage(text: "Pick one", quickReplies: [QuickReply(title: "Yes", payload: "Yes"), QuickReply(title: "No", payload: "NO")])),
                .reply(OutgoingMessage(image: "https://shop.example/dress.jpg")),
                .reply(OutgoingMessage(file: "https://shop.example/catalog.pdf")),
            ])
        #expect(result.intents.map(\.index) == [0, 1, 2, 3])
        #expect(result.intents.first?.origin == .rule(file: "r.lua", line: 2, handler: "r.lua:1"))
    }

    @Test(
        "malformed messages are errors at the caller's line",
        arguments: [
            ("ev:reply()", "reply: the message must be a string or a table"),
            ("ev:reply('')", "reply: the message is empty"),
            ("ev:reply({txt = 'typo'})", "unexpected field 'txt'"),
            ("ev:reply({quick_replies = {'a'}})", "the message needs text, an image or a file"),
            ("ev:private_reply('x')", "private_reply answers comments; this is a message event"),
            ("ev:follow_up(0, 'x')", "follow_up: the delay must be a number of seconds"),
            ("ev.reply('x')", "call it on the event being handled"),
        ])
    func malformedMessages(call: String, fragment: String) throws {
        let rules = try RuleSet([("r.lua", "on('message', function(ev)\n  \(call)\nend)")])
        let failure = try #require(rules.dispatch(EventBuilder.message()).failures.first)
        #expect(failure.error.message.hasPrefix("r.lua:2: "), "\(failure)")
        #expect(failure.error.message.contains(fragment), "\(failure)")
    }

    @Test("follow-ups, handoffs, tags and values are recorded")
    func otherIntents() throws {
        let rules = try RuleSet([
            ("r.lua", """
            on('message', function(ev)
              ev:follow_up(3600, 'Still interested?')
              ev:handoff('asked for a human')
              ev.contact:tag('lead')
              ev.contact:tag('lead')
              ev.contact:set('visits', (ev.contact:get('visits') or 0) + 1)
              ev.contact:untag('new')
              ev:reply(tostring(ev.contact:has_tag('lead')) .. ' ' .. #ev.contact.tags .. ' ' .. ev.contact:get('visits'))
            end)
            """)
        ])
        let contact = Contact(id: "7", tags: ["new"], values: ["visits": 2])
        let result = rules.dispatch(EventBuilder.message(contact: contact))
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(
            result.intents.map(\.intent) == [
                .followUp(seconds: 3600, OutgoingMessage(text: "Still interested?")),
                .handoff(reason: "asked for a human"),
                .tag("lead"), .tag("lead"),
                .setValue(key: "visits", .int(3)),
                .untag("new"),
                .reply(OutgoingMessage(text: "true 1 3")),
            ])
        #expect(result.contact.tags == ["lead"])
        #expect(result.contact.values == ["visits": 3])
    }

    @Test("broadcast is refused, and the rule can see why")
    func broadcastIsRefused() throws {
        let rules = try RuleSet([
            ("r.lua", """
            on('message', function(ev)
              local d = broadcast('Sale today!')
              local r = ev:reply('hello')
              ev:reply(tostring(d.ok) .. ' ' .. d.verdict .. ' ' .. d.reason)
              ev:reply(tostring(r.ok) .. ' ' .. r.verdict .. ' ' .. r.messaging_type)
            end)
            """)
        ])
        let result = rules.dispatch(EventBuilder.message())
        #expect(result.replies == ["hello", "false refuse broadcast_unsupported", "true send RESPONSE"])
        #expect(result.intents.first?.decision == .refuse(.broadcastUnsupported))
    }

    @Test("the decider's answer reaches the rule")
    func deciderAnswerReachesTheRule() throws {
        struct RefuseReplies: IntentDecider {
            func decide(_ intent: Intent, for event: Event, at now: Date) -> Decision {
                if case .reply(let m) = intent, m.text == "late" {
                    return .refuse(.broadcastUnsupported)
                }
                return .accept
            }
        }
        let rules = try RuleSet(
            [("r.lua", "on('message', function(ev) local d = ev:reply('late') if not d.ok then ev:handoff(d.reason) end end)")],
            options: RuleOptions(decider: RefuseReplies()))
        #expect(rules.dispatch(EventBuilder.message()).intents.map(\.intent).last == .handoff(reason: "broadcast_unsupported"))
    }

    @Test("values must be small and plain")
    func valueLimits() throws {
        let rules = try RuleSet([
            ("r.lua", "on('message', function(ev) ev.contact:set('big', ('x'):rep(5000)) end)"),
            ("s.lua", "on('message', function(ev) ev.contact:set('f', print or function() end) end)"),
            ("t.lua", "on('message', function(ev) ev.contact:set('cart', {items = {'dress', 'hat'}, total = 59.9}) end)"),
        ])
        let result = rules.dispatch(EventBuilder.message())
        #expect(result.failures.count == 2)
        #expect(result.contact.values == ["cart": ["items": ["dress", "hat"], "total": 59.9]])
    }

    @Test("now and os.time follow the host clock")
    func hostClock() throws {
        let rules = try RuleSet([("r.lua", "on('message', function(ev) ev:reply(string.format('%d %d', now(), os.time())) end)")])
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(rules.dispatch(EventBuilder.message(), at: at).replies == ["1800000000 1800000000"])
    }

    @Test("rule logs are collected with their source")
    func logs() throws {
        let rules = try RuleSet([("r.lua", "on('message', function(ev)\n  log.warn('odd', 42)\n  print('a', nil, true)\nend)")])
        let logs = rules.dispatch(EventBuilder.message()).logs
        #expect(logs == [
            RuleLogEntry(level: .warn, message: "odd 42", source: "r.lua:2"),
            RuleLogEntry(level: .info, message: "a\tnil\ttrue", source: "r.lua:3"),
        ])
    }
}
