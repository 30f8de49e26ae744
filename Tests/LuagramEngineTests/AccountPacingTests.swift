import Foundation
import LuagramDomain
import LuagramEngine
import LuagramPolicy
import Testing

/// The sender's pacing as a value: no store, no network, the time passed in.
@Suite("Account pacing")
struct AccountPacingTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static var twoAnHour: RateLimits {
        var limits = RateLimits()
        limits.privateReply = RateLimit(calls: 2, per: 3600)
        return limits
    }

    @Test("a full class serves waiting rows in the order they came, one per slot, each promised the next opening")
    func promisesInOrder() {
        var pacing = AccountPacing(limits: Self.twoAnHour)
        #expect(pacing.takeSlot(account: "a", .privateReply, fresh: true, at: Self.t0) == nil)
        #expect(pacing.takeSlot(account: "a", .privateReply, fresh: true, at: Self.t0.addingTimeInterval(1)) == nil)
        let third = pacing.takeSlot(account: "a", .privateReply, fresh: true, at: Self.t0.addingTimeInterval(2))
        let fourth = pacing.takeSlot(account: "a", .privateReply, fresh: true, at: Self.t0.addingTimeInterval(3))
        #expect(third?.1 == .rateLimited && fourth?.1 == .rateLimited)
        #expect(third?.0 == Self.t0.addingTimeInterval(3600))
        #expect(fourth?.0 == Self.t0.addingTimeInterval(3601), "behind the third, not at the same opening")
        // another account and another class are not held back
        #expect(pacing.takeSlot(account: "b", .privateReply, fresh: true, at: Self.t0.addingTimeInterval(3)) == nil)
        #expect(pacing.takeSlot(account: "a", .text, fresh: true, at: Self.t0.addingTimeInterval(3)) == nil)
    }

    @Test("a throttle holds every class of the account until the backoff ends, and a success clears the count")
    func throttles() {
        var pacing = AccountPacing(limits: RateLimits())
        _ = pacing.update("a") { $0.recordThrottle(at: Self.t0, retryAfter: 120) }
        let held = pacing.takeSlot(account: "a", .text, fresh: true, at: Self.t0.addingTimeInterval(10))
        #expect(held?.1 == .accountThrottled)
        #expect(held?.0 == Self.t0.addingTimeInterval(120))
        #expect(pacing.takeSlot(account: "a", .text, fresh: false, at: Self.t0.addingTimeInterval(121)) == nil)
        pacing.update("a") { $0.recordSuccess() }
        #expect(pacing.limiter(of: "a").state.consecutiveThrottles == 0)
        #expect(pacing.states.map(\.account) == ["a"])
    }
}
