import Foundation
import LuagramDomain

/// Over a rate limit, or while Meta throttles the account, a message waits — it is
/// deferred to the time the next slot opens, never refused.
///
/// The limits per account and why a throttle pauses every send are at `RateLimits`, with
/// Meta's pages; the limiter itself is `RateLimiter`.
enum RateRule {
    static func deferral(for calls: [RateClass: Int], rate: RateState, at now: Date, limits: PolicyLimits) -> Decision? {
        switch RateLimiter(limits: limits.rate, state: rate).check(calls, at: now) {
        case .proceed: nil
        case .wait(let until, let reason): .defer(until: until, reason: reason)
        }
    }
}
