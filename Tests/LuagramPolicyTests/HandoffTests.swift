import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// One row of the handoff table: the handoff, the time, who writes, and the outcome.
struct HandoffCase: Sendable, CustomTestStringConvertible {
    var label: String
    var handoff: HandoffState
    var timeout: TimeInterval? = 24 * 3600
    var elapsed: TimeInterval
    var origin: Origin = rule
    var handedOff: Bool

    var testDescription: String { label }
}

@Suite("Human handoff")
struct HandoffTests {
    static let started = HandoffState(startedAt: t0, reason: "asked for a person")

    static let cases: [HandoffCase] = [
        HandoffCase(label: "an active handoff silences rules", handoff: started, elapsed: hour, handedOff: true),
        HandoffCase(label: "an active handoff lets the agent write", handoff: started, elapsed: hour, origin: agent, handedOff: false),
        HandoffCase(
            label: "a released handoff lets rules write again",
            handoff: HandoffState(startedAt: t0, releasedAt: t0 + 30 * 60), elapsed: hour, handedOff: false),
        HandoffCase(
            label: "a release later than now has not happened yet",
            handoff: HandoffState(startedAt: t0, releasedAt: t0 + 2 * hour), elapsed: hour, handedOff: true),
        HandoffCase(label: "a handoff 1 s before its timeout still holds", handoff: started, elapsed: day - second, handedOff: true),
        HandoffCase(label: "a handoff at its timeout has timed out", handoff: started, elapsed: day, handedOff: false),
        HandoffCase(label: "a handoff 1 s after its timeout has timed out", handoff: started, elapsed: day + second, handedOff: false),
        HandoffCase(
            label: "an agent's message restarts the timeout",
            handoff: HandoffState(startedAt: t0, lastAgentMessageAt: t0 + 20 * hour), elapsed: day + hour, handedOff: true),
        HandoffCase(label: "without a timeout the handoff lasts until released", handoff: started, timeout: nil, elapsed: 30 * day, handedOff: true),
        HandoffCase(label: "a shorter configured timeout ends it sooner", handoff: started, timeout: hour, elapsed: hour + second, handedOff: false),
    ]

    @Test("while a human has the conversation, rules are refused until it is released or times out", arguments: cases)
    func handoff(_ row: HandoffCase) {
        let now = t0 + row.elapsed
        // The contact wrote just now, so only the handoff can stand in the way.
        let event = dm(at: now - second)
        let conversation = ConversationState(lastUserMessageAt: now - second, handoff: row.handoff)
        let policy = Policy(limits: PolicyLimits(handoffTimeout: row.timeout))
        let decision = policy.decide(request(.reply(hello), from: row.origin, answering: event, conversation: conversation), at: now)
        #expect(decision == (row.handedOff ? .refuse(.humanHandoff) : response()))
    }

    @Test("a rule's private reply waits for the human too")
    func privateReplyDuringHandoff() {
        let conversation = ConversationState(handoff: Self.started)
        let decision = Policy().decide(request(.privateReply(hello), answering: comment(at: t0), conversation: conversation), at: t0 + hour)
        #expect(decision == .refuse(.humanHandoff))
    }
}

@Suite("State intents")
struct StateIntentTests {
    @Test(
        "tag, untag, set and handoff are accepted, from a rule or an agent, whatever the conversation's state",
        arguments: [Intent.tag("vip"), .untag("vip"), .setValue(key: "size", "42"), .setValue(key: "size", nil), .handoff(reason: "refund")],
        [rule, agent])
    func accepted(_ intent: Intent, _ origin: Origin) {
        let closed = ConversationState(lastUserMessageAt: t0 - 30 * day, handoff: HandoffState(startedAt: t0))
        #expect(Policy().decide(request(intent, from: origin, answering: comment(), conversation: closed), at: t0) == .accept)
    }
}
