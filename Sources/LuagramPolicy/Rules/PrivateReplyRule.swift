import Foundation
import LuagramDomain

/// Private replies: only to a comment, one per comment, within 7 days of it (a live
/// comment only while the video is live), and paced by their own rate class.
///
/// Meta's private replies page: one message per comment, within 7 days of the comment's
/// creation, and for a live comment only while the broadcast lasts
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/private-replies).
/// The rate limits, 750/h (posts, reels) and 100/s (live), are in `RateLimits`.
enum PrivateReplyRule {
    static func check(
        event: Event, conversation: ConversationState, liveBroadcastEnded: Bool, at now: Date, limits: PolicyLimits
    ) throws(Refusal) {
        guard event.kind.isComment else { throw Refusal(.privateReplyNeedsComment) }
        guard conversation.privateReplies[event.id] == nil else { throw Refusal(.privateReplyAlreadySent) }
        if event.kind == .liveComment, liveBroadcastEnded { throw Refusal(.privateReplyExpired) }
        // Half-open like the messaging window: at exactly 7 days it is too late.
        guard now.timeIntervalSince(event.time) < limits.privateReplyWindow else {
            throw Refusal(.privateReplyExpired)
        }
    }

    static func rateClass(for event: Event) -> RateClass {
        event.kind == .liveComment ? .livePrivateReply : .privateReply
    }
}
