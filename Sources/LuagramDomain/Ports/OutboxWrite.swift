import Foundation

/// One change the sender makes to a claimed outbox row; a round's changes are applied
/// together (`OutboxStore.apply`), in order, so a round costs one write to disk, not one
/// per message.
public enum OutboxWrite: Sendable, Hashable {
    /// The plan was made again at send time (see `OutboxStore.replan`).
    case replan(OutboxID, SendPlan)
    /// Part `part` went out as Meta's `messageID`.
    case sent(OutboxID, part: Int, messageID: String)
    /// Part `part` was recorded instead of sent (a dry run).
    case dryRun(OutboxID, part: Int)
    /// Meta refused the row for good.
    case failed(OutboxID, SendFailure)
    /// The policy refused the row at send time.
    case refused(OutboxID, ReasonCode)
    /// Back to pending from `nextAttemptAt`; `attempted` as in `OutboxStore.scheduleRetry`.
    case retry(OutboxID, SendFailure?, nextAttemptAt: Date, attempted: Bool)
    /// The try of the next part that began at `since` may have reached Meta: back to pending
    /// from `nextAttemptAt`, to be checked with Meta before it is tried again.
    case unconfirmed(OutboxID, SendFailure, since: Date, nextAttemptAt: Date)
    /// Meta does not have the unconfirmed part: it may be sent like any other.
    case notDelivered(OutboxID)
    /// A private reply row to `comment` ended: accepted by Meta (the contact now awaits
    /// nothing else until they write), or not (failed, refused, expired: the comment is free
    /// again). Applies to a row that is no longer claimed.
    case privateReplySettled(OutboxID, comment: String, accepted: Bool)

    /// The row it changes.
    public var id: OutboxID {
        switch self {
        case .replan(let id, _), .sent(let id, _, _), .dryRun(let id, _), .failed(let id, _), .refused(let id, _),
            .retry(let id, _, _, _), .unconfirmed(let id, _, _, _), .notDelivered(let id), .privateReplySettled(let id, _, _):
            id
        }
    }
}
