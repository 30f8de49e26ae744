import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

@Suite("Follow-ups")
struct FollowUpTests {
    @Test("a follow-up inside the window is deferred to its due time")
    func scheduled() {
        let decision = Policy().decide(request(.followUp(seconds: 3600, hello)), at: t0)
        #expect(decision == .defer(until: t0 + hour, reason: .followUpScheduled))
    }

    @Test(
        "a rule's follow-up due at or after 24 h is refused when it is recorded",
        arguments: [(day - second, true), (day, false), (day + second, false)])
    func dueOutsideWindow(_ delay: TimeInterval, _ allowed: Bool) {
        let decision = Policy().decide(request(.followUp(seconds: delay, hello)), at: t0)
        #expect(decision == (allowed ? .defer(until: t0 + delay, reason: .followUpScheduled) : .refuse(.automatedOutside24h)))
    }

    @Test("when it is due, the sender's second look sends it")
    func dueNow() {
        let decision = Policy().decide(request(.followUp(seconds: 3600, hello), recordedAt: t0), at: t0 + hour)
        #expect(decision == response())
    }

    @Test("a due follow-up after a handoff began is refused")
    func dueDuringHandoff() {
        let conversation = ConversationState(lastUserMessageAt: t0, handoff: HandoffState(startedAt: t0 + 30 * 60))
        let decision = Policy().decide(request(.followUp(seconds: 3600, hello), conversation: conversation, recordedAt: t0), at: t0 + hour)
        #expect(decision == .refuse(.humanHandoff))
    }

    @Test("a due follow-up over the rate limit waits for the next slot")
    func dueButRateLimited() {
        let now = t0 + hour
        let rate = calls(100, ofClass: .text, endingAt: now, span: 0.5)
        let decision = Policy().decide(request(.followUp(seconds: 3600, hello), rate: rate, recordedAt: t0), at: now)
        #expect(decision == .defer(until: now + 0.5, reason: .rateLimited))
    }
}
