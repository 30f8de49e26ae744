import Foundation
import LuagramPolicy

/// How the sender paces, retries and gives up.
public struct SenderConfiguration: Sendable, Hashable {
    /// Rows claimed per round. A claimed row is `sending` until the round ends with it, so a
    /// smaller batch keeps less in flight should the process die.
    public var batchSize: Int
    /// Tries of a row (waiting out a pause or a rate limit does not count) after which a
    /// transient failure is final.
    public var maxAttempts: Int
    /// Contacts whose messages are sent at the same time in a round; one contact's go one
    /// after another, in order.
    public var concurrency: Int
    /// The first retry delay after a transient failure; it doubles with each attempt.
    public var retryBase: TimeInterval
    /// The longest retry delay.
    public var retryCap: TimeInterval
    /// How often the rows of an account stopped for re-authentication are looked at again.
    /// There is no way to park them until `resume(account:)`, so they come back this often,
    /// and go out at most this long after the account is resumed.
    public var reauthenticationRecheck: TimeInterval
    /// Meta's per-account limits the sender paces itself by.
    public var rateLimits: RateLimits

    public init(
        batchSize: Int = 256, maxAttempts: Int = 8, retryBase: TimeInterval = 30, retryCap: TimeInterval = 3600,
        reauthenticationRecheck: TimeInterval = 300, rateLimits: RateLimits = RateLimits(), concurrency: Int = 16
    ) {
        self.batchSize = batchSize
        self.concurrency = max(1, concurrency)
        self.maxAttempts = maxAttempts
        self.retryBase = retryBase
        self.retryCap = retryCap
        self.reauthenticationRecheck = reauthenticationRecheck
        self.rateLimits = rateLimits
    }

    /// The delay before retry number `attempt` (1-based): exponential, capped, with "equal
    /// jitter" — half fixed, half drawn from `random` in [0, 1) — so rows that failed
    /// together do not all come back in the same instant, yet none comes back immediately.
    public func retryDelay(afterAttempt attempt: Int, random: Double) -> TimeInterval {
        let exponent = min(max(attempt - 1, 0), 32)
        let delay = min(retryBase * Double(1 << exponent), retryCap)
        let unit = min(max(random, 0), 1)
        return delay / 2 + delay / 2 * unit
    }
}
