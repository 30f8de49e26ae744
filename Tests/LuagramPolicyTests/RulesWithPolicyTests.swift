import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Rules see the policy's decisions")
struct RulesWithPolicyTests {
    private func rules(_ source: String) throws -> RuleSet {
        let rules = try RuleSet(sources: [RuleSource(name: "r.lua", text: source)], now: t0)
        #expect(rules.errors.isEmpty, "\(rules.errors)")
        return rules
    }

    @Test("a reply two days after the contact's last message is refused, and the rule hands off")
    func outsideWindow() throws {
        let rules = try rules("""
            on('reaction', function(ev)
              local d = ev:reply('Thanks for the ❤️')
              if not d.ok then ev:handoff(d.verdict .. ':' .. d.reason) end
            end)
            """)
        let decider = PolicyDecider(context: PolicyContext(conversation: ConversationState(lastUserMessageAt: t0 - 2 * day)))
        let result = rules.dispatch(EventBuilder.event(.reaction), at: t0, decider: decider)
        #expect(result.intents.map(\.decision).first == .refuse(.automatedOutside24h))
        #expect(result.intents.last?.intent == .handoff(reason: "refuse:automated_outside_24h"))
    }

    @Test("a comment gets one private reply; the reply after it waits for the contact")
    func commentToDM() throws {
        let rules = try rules("""
            on('comment', function(ev)
              local first = ev:private_reply('Here is the link')
              local second = ev:private_reply('And again')
              local dm = ev:reply('Anything else?')
              log.info(first.verdict, first.messaging_type, second.reason, dm.reason)
            end)
            """)
        let result = rules.dispatch(EventBuilder.comment(), at: t0, decider: PolicyDecider())
        #expect(result.logs.map(\.message) == ["send RESPONSE private_reply_already_sent awaiting_user_reply"])
    }

    @Test("a follow-up is deferred to its due time and says so")
    func followUp() throws {
        let rules = try rules("""
            on('message', function(ev)
              local d = ev:follow_up(3600, 'Still interested?')
              log.info(d.verdict, d.reason, d['until'] - now())
            end)
            """)
        let result = rules.dispatch(EventBuilder.message(time: t0), at: t0, decider: PolicyDecider())
        #expect(result.logs.map(\.message) == ["defer follow_up_scheduled 3600.0"])
    }
}
