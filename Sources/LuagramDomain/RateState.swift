import Foundation

/// One account's recent Send API calls and throttling, as the rate limiter
/// (`LuagramPolicy.RateLimiter`) keeps it.
///
/// Only data lives here so the store, which sees only the domain, can persist it; the
/// limits and the transitions live in the policy.
public struct RateState: Sendable, Hashable {
    /// Per class, the times of the calls still inside the class's window, oldest first.
    public var calls: [RateClass: [Date]]
    /// Sends wait until this time after Meta throttled the account.
    public var pausedUntil: Date?
    /// Throttles since the last successful send: the exponent of the backoff.
    public var consecutiveThrottles: Int

    public init(calls: [RateClass: [Date]] = [:], pausedUntil: Date? = nil, consecutiveThrottles: Int = 0) {
        self.calls = calls
        self.pausedUntil = pausedUntil
        self.consecutiveThrottles = consecutiveThrottles
    }
}

/// Meta's separately limited kinds of messaging call (the messaging rate limits of
/// https://developers.facebook.com/docs/instagram-platform/overview).
public enum RateClass: String, Sendable, Hashable, CaseIterable {
    /// Send API text, links, reactions, stickers.
    case text
    /// Send API media attachments.
    case media
    /// Private replies to comments on posts and reels.
    case privateReply = "private_reply"
    /// Private replies to comments on a live video.
    case livePrivateReply = "live_private_reply"
    /// Conversations API lookups (a few calls each), made to settle sends whose answer
    /// never came.
    case conversations
}
