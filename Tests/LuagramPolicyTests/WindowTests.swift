import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// One row of the window table: who writes, how long after the contact's last message.
struct WindowCase: Sendable, CustomTestStringConvertible {
    var origin: Origin
    var elapsed: TimeInterval
    var expected: Decision
    var label: String

    var testDescription: String { label }
}

@Suite("The messaging window")
struct WindowTests {
    static let humanAgent = Decision.send(SendPlan(messagingType: .humanAgent, messages: [hello]))

    static let cases: [WindowCase] = [
        WindowCase(origin: rule, elapsed: 0, expected: response(), label: "a rule right after the message: RESPONSE"),
        WindowCase(origin: rule, elapsed: day - second, expected: response(), label: "a rule at 24 h − 1 s: RESPONSE"),
        WindowCase(origin: rule, elapsed: day, expected: .refuse(.automatedOutside24h), label: "a rule at exactly 24 h: closed"),
        WindowCase(origin: rule, elapsed: day + second, expected: .refuse(.automatedOutside24h), label: "a rule at 24 h + 1 s: automated_outside_24h"),
        WindowCase(origin: rule, elapsed: 7 * day - second, expected: .refuse(.automatedOutside24h), label: "a rule at 7 d − 1 s: automated_outside_24h"),
        WindowCase(origin: rule, elapsed: 7 * day + second, expected: .refuse(.outsideWindow), label: "a rule at 7 d + 1 s: outside_window"),
        WindowCase(origin: agent, elapsed: day - second, expected: response(), label: "an agent at 24 h − 1 s: RESPONSE"),
        WindowCase(origin: agent, elapsed: day, expected: humanAgent, label: "an agent at exactly 24 h: HUMAN_AGENT"),
        WindowCase(origin: agent, elapsed: day + second, expected: humanAgent, label: "an agent at 24 h + 1 s: HUMAN_AGENT"),
        WindowCase(origin: agent, elapsed: 7 * day - second, expected: humanAgent, label: "an agent at 7 d − 1 s: HUMAN_AGENT"),
        WindowCase(origin: agent, elapsed: 7 * day, expected: .refuse(.outsideWindow), label: "an agent at exactly 7 d: closed"),
        WindowCase(origin: agent, elapsed: 7 * day + second, expected: .refuse(.outsideWindow), label: "an agent at 7 d + 1 s: outside_window"),
    ]

    @Test("a reply is sent as RESPONSE within 24 h, by agents only with HUMAN_AGENT up to 7 d, by nobody after", arguments: cases)
    func window(_ row: WindowCase) {
        let decision = Policy().decide(request(.reply(hello), from: row.origin, answering: dm(at: t0)), at: t0 + row.elapsed)
        #expect(decision == row.expected)
    }

    @Test("nobody may write to a contact who never wrote, even in answer to their comment", arguments: [rule, agent])
    func neverWrote(_ origin: Origin) {
        let decision = Policy().decide(request(.reply(hello), from: origin, answering: comment()), at: t0)
        #expect(decision == .refuse(.outsideWindow))
    }

    @Test("the event being answered counts as the contact's latest message even if the state is older")
    func eventOpensWindow() {
        let postback = EventBuilder.event(.postback)
        let decision = Policy().decide(request(.reply(hello), answering: postback, conversation: wrote(at: t0 - 3 * day)), at: t0 + hour)
        #expect(decision == response())
    }

    @Test("a reaction does not reopen the window for a rule")
    func reactionKeepsWindowClosed() {
        let reaction = EventBuilder.event(.reaction)
        let decision = Policy().decide(request(.reply(hello), answering: reaction, conversation: wrote(at: t0 - 2 * day)), at: t0)
        #expect(decision == .refuse(.automatedOutside24h))
    }

    @Test(
        "messages, postbacks and referrals open the window; comments, echoes, reactions and reads do not",
        arguments: [
            (EventKind.message, true), (.postback, true), (.referral, true),
            (.comment, false), (.liveComment, false), (.echo, false), (.reaction, false), (.read, false),
        ])
    func windowOpeners(_ kind: EventKind, _ opens: Bool) {
        #expect(kind.opensMessagingWindow == opens)
    }

    // By name, since these kinds are new in EventKind: a row is skipped if the kind is absent.
    @Test(
        "undeliverable messages open the window; edits, unsends, mentions elsewhere and unknown items do not",
        arguments: [("unsupported", true), ("edit", false), ("deleted", false), ("mention", false), ("unknown", false)])
    func newerWindowOpeners(_ name: String, _ opens: Bool) {
        guard let kind = EventKind(rawValue: name) else { return }
        #expect(kind.opensMessagingWindow == opens)
    }
}
