import Foundation
import LuagramDomain

/// What a failed send means for its row and its account, decided from Meta's error and the
/// row alone, with the time and the retry jitter passed in: a value tested without a store or
/// a network. `OutboxSender` carries it out (the log line, the outbox write, the account's
/// pause, the counters, the look in the conversation).
public enum SendFailurePlan: Sendable, Hashable {
    /// Meta refuses a second private reply to a comment whose earlier try got no answer:
    /// that may mean it arrived, so the conversation is looked at; if it is not there, the
    /// row fails with `unknown` (whether it reached the person nobody knows).
    case lookForUnconfirmedPrivateReply(unknown: SendFailure)
    /// Another app holds the thread: noted, and the row is refused as `threadInStandby`.
    case threadInStandby
    /// Given up for good.
    case fail(SendFailure, because: GiveUp)
    /// No answer from Meta: the row is unconfirmed, and at `at` the sender asks Meta whether
    /// it arrived before trying again.
    case checkLater(at: Date, failure: SendFailure)
    /// A transient failure: tried again from `at` (an attempt spent).
    case retry(at: Date, failure: SendFailure)
    /// Meta throttled the account: its sends pause (for `retryAfter` when Meta said, else
    /// by the pacing's backoff) and the row waits for the end of the pause.
    case pauseThrottled(retryAfter: TimeInterval?, failure: SendFailure)
    /// Meta refused the account's token: all its sends stop until it is re-authorised; the
    /// row is looked at again at `recheckAt`.
    case pauseForReauthentication(recheckAt: Date, failure: SendFailure)

    /// Why a row is given up, which decides how loudly it is told.
    public enum GiveUp: Sendable, Hashable {
        /// Meta refused this message for this contact, or this one call.
        case refusedByMeta
        /// The app or account is not set up to send: a person must look.
        case configuration
        /// A transient failure after this many attempts (the configured maximum).
        case retriesExhausted(attempts: Int)
    }

    /// The plan for `error` on `row` at `now`. `random` gives the retry jitter in [0, 1);
    /// it is called only when a retry time is computed.
    public static func decide(
        error: MessageSendError, row: OutboxRow, configuration: SenderConfiguration, now: Date,
        random: () -> Double
    ) -> SendFailurePlan {
        let failure = error.failure
        switch error.kind {
        case .permanentForContact where row.unconfirmedSince != nil && isAlreadyReplied(error):
            // Not proof that the earlier try arrived: Meta answers the same for a deleted or
            // too old comment and an ended live. Only the conversation can tell.
            return .lookForUnconfirmedPrivateReply(unknown: OutboxSender.unknownPrivateReply(failure))
        case _ where isNotThreadOwner(error):
            // Another app holds the thread, which its standby webhooks may not have told yet:
            // noted, so the policy refuses the contact's next sends itself until this app
            // holds the thread again.
            return .threadInStandby
        case .permanentForContact, .rejected:
            return .fail(failure, because: .refusedByMeta)
        case .configuration:
            // Not a pause: the error is specific enough to fix, and other messages (another
            // node, another kind) may still go; a person must look either way.
            return .fail(failure, because: .configuration)
        case .transient:
            guard row.attempts < configuration.maxAttempts else {
                return .fail(failure, because: .retriesExhausted(attempts: row.attempts))
            }
            let at = now.addingTimeInterval(configuration.retryDelay(afterAttempt: row.attempts, random: random()))
            // Not tried again blindly when it may have arrived: the next round asks Meta.
            return error.mayHaveArrived ? .checkLater(at: at, failure: failure) : .retry(at: at, failure: failure)
        case .throttled(let retryAfter):
            return .pauseThrottled(retryAfter: retryAfter, failure: failure)
        case .reauthenticate:
            return .pauseForReauthentication(
                recheckAt: now.addingTimeInterval(configuration.reauthenticationRecheck), failure: failure)
        }
    }

    /// Meta's "not the thread owner" (100/2534037) and "another app controls this thread"
    /// (2018300): https://developers.facebook.com/documentation/business-messaging/messenger-platform/error-codes,
    /// seen on Instagram by Chatwoot (https://github.com/chatwoot/chatwoot/issues/6550).
    static func isNotThreadOwner(_ error: MessageSendError) -> Bool {
        (error.code == 100 && error.subcode == 2_534_037) || error.code == 2_018_300
    }

    /// Meta's refusal of a second private reply to one comment (also answered for a deleted
    /// or too old comment, or an ended live: docs/sending-against-meta.md, "Private replies").
    static func isAlreadyReplied(_ error: MessageSendError) -> Bool {
        error.code == 100 && error.subcode == 2_534_025
    }
}
