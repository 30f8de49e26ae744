import Foundation
import LuagramDomain

/// Over a rate limit, or while Meta throttles the account, a message waits — it is
/// deferred to the time the next slot opens, never refused.
///
/// instagram-platform.md §5.1 (limits per account) and §5.2–5.3 (throttle errors, "stop
/// calling once throttled"); the limiter itself is `RateLimiter`.
enum RateRule {
    static func deferral(for calls: [RateClass: Int], rate: RateState, at now: Date, limits: PolicyLimits) -> Decision? {
        switch RateLimiter(limits: limits.rate, state: rate).check(calls, at: now) {
        case .proceed: nil
        case .wait(let until, let reason): .defer(until: until, reason: reason)
        }
    }
}
