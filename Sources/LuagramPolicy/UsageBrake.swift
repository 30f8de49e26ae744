import Foundation
import LuagramDomain

/// Slows an account down before Meta throttles it: Meta's usage headers on a successful
/// answer say how much of the app's or the business use case's budget is spent (Meta
/// throttles at 100 %, and calling while throttled extends the block:
/// https://developers.facebook.com/docs/graph-api/overview/rate-limiting). From
/// `RateLimits.usageBrakePercent` on, the account pauses: until Meta's own estimate of
/// regained access when it gave one, else for a share of the throttle backoff that grows
/// to the whole of it at 100 %.
///
/// Pure: the usage and the limits in, the pause out.
public enum UsageBrake {
    /// How long the account should pause after an answer with `usage`; nil to go on.
    public static func pause(for usage: MetaUsage, limits: RateLimits) -> TimeInterval? {
        let threshold = min(max(limits.usageBrakePercent, 1), 100)
        guard usage.percent >= threshold else { return nil }
        if let regain = usage.regainAccessIn, regain > 0 { return regain }
        let share = Double(usage.percent - threshold + 1) / Double(100 - threshold + 1)
        return limits.backoffBase * min(share, 1)
    }
}
