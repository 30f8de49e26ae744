import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// One row of the rate table: calls already made in the window and the intent's outcome.
struct RateCase: Sendable, CustomTestStringConvertible {
    var label: String
    var intent: Intent
    var event: Event = dm(at: t0)
    var rate: RateState
    /// Seconds after now the next slot opens; nil: sent now.
    var deferredBy: TimeInterval?

    var testDescription: String { label }
}

@Suite("Rate limits in decisions")
struct RateDecisionTests {
    static let now = t0 + 10 * second
    static let image = "https://cdn.example.com/p/1.jpg"
    static let twoParts = OutgoingMessage(text: Array(repeating: "word", count: 300).joined(separator: " "))

    static let cases: [RateCase] = [
        RateCase(label: "the 100th text call in a second is sent", intent: .reply(hello), rate: calls(99, ofClass: .text, endingAt: now, span: 0.5)),
        RateCase(
            label: "the 101st text call waits for the oldest to leave the window", intent: .reply(hello),
            rate: calls(100, ofClass: .text, endingAt: now, span: 0.5), deferredBy: 0.5),
        RateCase(label: "a two-part text fits in the last two slots", intent: .reply(twoParts), rate: calls(98, ofClass: .text, endingAt: now, span: 0.5)),
        RateCase(
            label: "a two-part text with one slot left waits for a second", intent: .reply(twoParts),
            rate: calls(99, ofClass: .text, endingAt: now, span: 0.5), deferredBy: 0.5),
        RateCase(
            label: "calls older than the window do not count", intent: .reply(hello), rate: calls(100, ofClass: .text, endingAt: now - 1, span: 0.5)),
        RateCase(label: "the 10th image in a second is sent", intent: .reply(OutgoingMessage(image: image)), rate: calls(9, ofClass: .media, endingAt: now, span: 0.75)),
        RateCase(
            label: "the 11th image waits", intent: .reply(OutgoingMessage(image: image)),
            rate: calls(10, ofClass: .media, endingAt: now, span: 0.75), deferredBy: 0.25),
        RateCase(label: "a full media window does not hold back text", intent: .reply(hello), rate: calls(10, ofClass: .media, endingAt: now, span: 0.75)),
        RateCase(
            label: "the 750th private reply in an hour is sent", intent: .privateReply(hello), event: comment(at: t0),
            rate: calls(749, ofClass: .privateReply, endingAt: now, span: 3000)),
        RateCase(
            label: "the 751st private reply in an hour waits for the oldest to be an hour old", intent: .privateReply(hello), event: comment(at: t0),
            rate: calls(750, ofClass: .privateReply, endingAt: now, span: 3000), deferredBy: 600),
        RateCase(
            label: "a private reply exactly an hour after the oldest of 750 is sent", intent: .privateReply(hello), event: comment(at: t0),
            rate: calls(750, ofClass: .privateReply, endingAt: now, span: 3600)),
        RateCase(
            label: "a full private-reply hour does not hold back live comments", intent: .privateReply(hello),
            event: comment(at: t0, kind: .liveComment), rate: calls(750, ofClass: .privateReply, endingAt: now, span: 3000)),
        RateCase(
            label: "the 101st live private reply in a second waits", intent: .privateReply(hello), event: comment(at: t0, kind: .liveComment),
            rate: calls(100, ofClass: .livePrivateReply, endingAt: now, span: 0.75), deferredBy: 0.25),
        RateCase(label: "a throttled account defers until the pause ends", intent: .reply(hello), rate: RateState(pausedUntil: now + 120), deferredBy: 120),
        RateCase(label: "a pause ending now no longer holds", intent: .reply(hello), rate: RateState(pausedUntil: now)),
        RateCase(
            label: "after a pause the rate limit still applies", intent: .reply(hello),
            rate: RateState(calls: [.text: Array(repeating: now + 5, count: 100)], pausedUntil: now + 2), deferredBy: 6),
    ]

    @Test("over a rate limit the decision is a deferral to the next slot, never a refusal", arguments: cases)
    func rate(_ row: RateCase) {
        let known = [Self.image: AttachmentInfo(contentType: "image/jpeg", byteSize: 50_000)]
        let decision = Policy().decide(request(row.intent, answering: row.event, rate: row.rate, attachments: known), at: Self.now)
        guard let deferredBy = row.deferredBy else {
            #expect(decision.messages != nil, "expected a send, got \(decision)")
            #expect(decision.conversions?.contains { if case .attachmentAsLink = $0 { true } else { false } } == false)
            return
        }
        let reason: ReasonCode = row.rate.pausedUntil.map { $0 > Self.now } == true ? .accountThrottled : .rateLimited
        #expect(decision == .defer(until: Self.now + deferredBy, reason: reason))
    }

    @Test("the text limit is configurable")
    func configurable() {
        let policy = Policy(limits: PolicyLimits(rate: RateLimits(text: RateLimit(calls: 300, per: 1))))
        let decision = policy.decide(request(.reply(hello), rate: calls(299, ofClass: .text, endingAt: Self.now, span: 0.5)), at: Self.now)
        #expect(decision == response())
    }
}

@Suite("The rate limiter")
struct RateLimiterTests {
    @Test("it grants exactly the limit in a window, then names the instant the next slot opens")
    func slidingWindow() {
        var limiter = RateLimiter()
        let step = 1.0 / 128  // exact in binary, so the expected instants are exact too
        for i in 0..<100 {
            #expect(limiter.acquire(.text, at: t0 + Double(i) * step) == .proceed)
        }
        #expect(limiter.acquire(.text, at: t0 + 0.5) == .wait(until: t0 + 1, reason: .rateLimited))
        #expect(limiter.acquire(.text, at: t0 + 1) == .proceed)
        #expect(limiter.acquire(.text, at: t0 + 1) == .wait(until: t0 + 1 + step, reason: .rateLimited))
    }

    @Test("checking does not take a slot")
    func checkIsFree() {
        let limiter = RateLimiter(limits: RateLimits(text: RateLimit(calls: 1, per: 1)))
        #expect(limiter.check(.text, at: t0) == .proceed)
        #expect(limiter.check(.text, at: t0) == .proceed)
        #expect(limiter.state.calls.isEmpty)
    }

    @Test("its log never holds more than a window's calls")
    func bounded() {
        var limiter = RateLimiter()
        var now = t0
        for _ in 0..<1000 {
            if case .wait(let until, _) = limiter.acquire(.text, at: now) { now = until } else { now += 0.001 }
        }
        #expect((limiter.state.calls[.text]?.count ?? 0) <= 100)
    }

    @Test("a throttle with a time from Meta pauses the account for that long")
    func namedPause() {
        var limiter = RateLimiter()
        #expect(limiter.recordThrottle(at: t0, retryAfter: 300) == .wait(until: t0 + 300, reason: .accountThrottled))
        #expect(limiter.acquire(.text, at: t0 + 299) == .wait(until: t0 + 300, reason: .accountThrottled))
        #expect(limiter.acquire(.media, at: t0 + 299) == .wait(until: t0 + 300, reason: .accountThrottled))
        #expect(limiter.acquire(.text, at: t0 + 300) == .proceed)
    }

    @Test("throttles without a time back off exponentially up to the cap, and a success starts over")
    func backoff() {
        var limiter = RateLimiter()
        var pauses: [TimeInterval] = []
        for _ in 0..<8 {
            if case .wait(let until, _) = limiter.recordThrottle(at: t0 + 100_000 * Double(pauses.count)) {
                pauses.append(until.timeIntervalSince(t0 + 100_000 * Double(pauses.count)))
            }
        }
        #expect(pauses == [60, 120, 240, 480, 960, 1920, 3600, 3600])
        limiter.recordSuccess()
        #expect(limiter.recordThrottle(at: t0 + 1_000_000) == .wait(until: t0 + 1_000_060, reason: .accountThrottled))
    }

    @Test("a new throttle never shortens a pause already running")
    func neverShorter() {
        var limiter = RateLimiter()
        _ = limiter.recordThrottle(at: t0, retryAfter: 600)
        #expect(limiter.recordThrottle(at: t0 + 1, retryAfter: 10) == .wait(until: t0 + 600, reason: .accountThrottled))
    }
}
