import Foundation
import LuagramDomain

/// At most `calls` calls in any `per` seconds.
public struct RateLimit: Sendable, Hashable {
    public var calls: Int
    public var per: TimeInterval

    public init(calls: Int, per: TimeInterval) {
        self.calls = calls
        self.per = per
    }
}

/// One account's Send API limits and throttling backoff. The limits are the messaging rate
/// limits of the Instagram Platform overview, https://developers.facebook.com/docs/instagram-platform/overview,
/// and of Messenger's rate-limiting page, which covers the Messenger API for Instagram,
/// https://developers.facebook.com/documentation/business-messaging/messenger-platform/overview/rate-limiting.
public struct RateLimits: Sendable, Hashable {
    /// Text, links, reactions, stickers: 100/s by the overview; the Messenger page says 300/s,
    /// so the lower one by default.
    public var text: RateLimit
    /// Media: 10/s. Meta names audio and video; images are counted here too, the safe side
    /// of a table that does not name them.
    public var media: RateLimit
    /// Private replies on posts and reels: 750/hour (both pages).
    public var privateReply: RateLimit
    /// Private replies on live comments: 100/s (both pages).
    public var livePrivateReply: RateLimit
    /// Conversations API lookups: 2 calls/s (both pages); a lookup makes two or three
    /// calls, so one a second and a half.
    public var conversations: RateLimit
    /// The first pause after a throttle Meta gave no time for; it doubles with each further
    /// throttle until a send succeeds: Meta asks apps to stop calling once throttled, as
    /// further calls extend the block (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
    public var backoffBase: TimeInterval
    /// The longest such pause.
    public var backoffCap: TimeInterval
    /// The usage (percent, from Meta's usage headers) at which the account pauses before
    /// Meta throttles it (`UsageBrake`).
    public var usageBrakePercent: Int

    public init(
        text: RateLimit = RateLimit(calls: 100, per: 1),
        media: RateLimit = RateLimit(calls: 10, per: 1),
        privateReply: RateLimit = RateLimit(calls: 750, per: 3600),
        livePrivateReply: RateLimit = RateLimit(calls: 100, per: 1),
        conversations: RateLimit = RateLimit(calls: 2, per: 3),
        backoffBase: TimeInterval = 60,
        backoffCap: TimeInterval = 3600,
        usageBrakePercent: Int = 85
    ) {
        self.usageBrakePercent = usageBrakePercent
        self.text = text
        self.media = media
        self.privateReply = privateReply
        self.livePrivateReply = livePrivateReply
        self.conversations = conversations
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
    }

    public subscript(_ rateClass: RateClass) -> RateLimit {
        switch rateClass {
        case .text: text
        case .media: media
        case .privateReply: privateReply
        case .livePrivateReply: livePrivateReply
        case .conversations: conversations
        }
    }

    /// The pause after the `throttles`-th throttle in a row without a named time:
    /// base, 2 × base, 4 × base, … up to the cap.
    public func backoff(afterThrottles throttles: Int) -> TimeInterval {
        let exponent = min(max(throttles - 1, 0), 32)
        return min(backoffBase * Double(1 << exponent), backoffCap)
    }
}
