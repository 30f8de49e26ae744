import Foundation
import LuagramDomain

/// When Luagram asks Meta's User Profile API about a contact, and when it holds back: how
/// long a profile stays fresh, how fast calls go per account, and how long a failure keeps a
/// contact (or a whole account) from being asked again. Pure: every answer takes `now`.
///
/// The numbers, and why:
/// - `freshFor`, 24 hours. Meta's Platform Terms (https://developers.facebook.com/terms/)
///   let an app keep Platform Data only as long as it needs it and have it deleted on request,
///   but name no cache lifetime; Facebook's earlier platform policy capped cached user data at
///   24 hours, and the User Profile API's own answer goes stale within days (its picture URL
///   expires, https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/user-profile).
///   A day keeps greetings current at one call per active contact per day. Only `name` and
///   `username` are kept, on the contact, and go with it.
/// - `callsPerSecond`, 2 per account. Meta publishes no figure for the User Profile API; 2
///   calls/s is what it allows the other messaging read API, the Conversations API
///   (https://developers.facebook.com/docs/instagram-platform/overview, "Rate limiting"), so
///   lookups never compete with the Send API's share.
/// - `noConsentRetry`, 1 hour: error 230 means the contact never wrote; until they do,
///   asking is pointless (a DM gives consent, so an hour later is soon enough).
/// - failures back off from `failureRetry` (1 min), doubling, up to `maxFailureRetry` (1 h).
/// - a throttle pauses the account's lookups for Meta's `Retry-After` or `throttlePause`
///   (5 min); a refused token for `tokenPause` (15 min) — one failure stops the account's
///   other lookups instead of each contact finding out on its own.
public struct ProfileSchedule: Sendable, Hashable {
    public var freshFor: TimeInterval = 24 * 3600
    public var callsPerSecond: Double = 2
    /// How far ahead a call may be queued behind the pacing; beyond it the lookup is not
    /// made now (the contact's next event asks again), so queued calls stay bounded.
    public var maxQueue: TimeInterval = 10
    public var noConsentRetry: TimeInterval = 3600
    public var failureRetry: TimeInterval = 60
    public var maxFailureRetry: TimeInterval = 3600
    public var throttlePause: TimeInterval = 300
    public var tokenPause: TimeInterval = 900

    public init() {}

    /// When the contact may be asked again after `error`, their `failures`-th in a row (1 for
    /// the first).
    public func retry(after error: ProfileLookupError, failures: Int, at now: Date) -> Date {
        switch error {
        case .noConsent:
            return now.addingTimeInterval(noConsentRetry)
        case .throttled, .tokenRefused, .failed:
            let doubled = failureRetry * pow(2, Double(max(0, min(failures - 1, 20))))
            return now.addingTimeInterval(min(doubled, maxFailureRetry))
        }
    }

    /// Until when the whole account's lookups stop after `error`; nil when only the contact is
    /// concerned.
    public func accountPause(after error: ProfileLookupError, at now: Date) -> Date? {
        switch error {
        case .throttled(let retryAfter): now.addingTimeInterval(max(retryAfter ?? throttlePause, 1))
        case .tokenRefused: now.addingTimeInterval(tokenPause)
        case .noConsent, .failed: nil
        }
    }
}

/// The per-account pacing of profile lookups: calls spaced `1 / callsPerSecond` apart.
/// A value; `slot` takes the time and reserves the next free instant.
public struct ProfilePacing: Sendable, Hashable {
    /// Account → the earliest instant its next call may go.
    public private(set) var nextFree: [String: Date] = [:]

    public init() {}

    /// Reserves a call for the account: when it may go (now or later), or nil when that would
    /// be more than `schedule.maxQueue` ahead (nothing is reserved then).
    public mutating func slot(account: String, at now: Date, schedule: ProfileSchedule) -> Date? {
        let start = max(now, nextFree[account] ?? now)
        guard start.timeIntervalSince(now) <= schedule.maxQueue else { return nil }
        nextFree[account] = start.addingTimeInterval(1 / max(schedule.callsPerSecond, 0.001))
        return start
    }
}
