import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// The HUMAN_AGENT tag can be turned off for apps without Meta's Human Agent permission
/// (issue 12, item 6).
@Suite("The HUMAN_AGENT switch")
struct HumanAgentSwitchTests {
    static let noHumanAgent = Policy(limits: PolicyLimits(humanAgentTag: false))

    @Test func anAgentOutside24HoursIsRefusedWithHumanAgentDisabledWhenTheTagIsOff() {
        let decision = Self.noHumanAgent.decide(request(.reply(hello), from: agent, answering: dm(at: t0)), at: t0 + 30 * hour)
        #expect(decision == .refuse(.humanAgentDisabled))
        #expect(ReasonCode.humanAgentDisabled.explanation.contains("HUMAN_AGENT"))
    }

    @Test func theSameAgentMessageGoesWithHumanAgentWhenTheTagIsOnAsByDefault() {
        #expect(PolicyLimits().humanAgentTag)
        let decision = Policy().decide(request(.reply(hello), from: agent, answering: dm(at: t0)), at: t0 + 30 * hour)
        #expect(decision.messagingType == .humanAgent)
    }

    @Test func withTheTagOffAnAgentInside24HoursStillSendsAndRulesKeepTheirOwnReason() {
        #expect(Self.noHumanAgent.decide(request(.reply(hello), from: agent, answering: dm(at: t0)), at: t0 + hour) == response())
        let byRule = Self.noHumanAgent.decide(request(.reply(hello), from: rule, answering: dm(at: t0)), at: t0 + 30 * hour)
        #expect(byRule == .refuse(.automatedOutside24h))
    }
}
