import Foundation
import LuagramDomain

/// What became of one claimed outbox row in a round.
public enum SendOutcome: Sendable, Hashable {
    /// Every remaining part went out; Meta's ids of the parts sent in this round.
    case sent(messageIDs: [String])
    /// Dry run: nothing was posted; this many parts were recorded as `dry_run`.
    case dryRun(parts: Int)
    /// The policy, asked again at send time, refused it.
    case refused(ReasonCode)
    /// Meta refused it for good, or retries ran out.
    case failed(SendFailure)
    /// A transient failure: tried again from `at`.
    case retry(at: Date, failure: SendFailure)
    /// Not attempted now (a follow-up not due, a rate slot, a paused account): from `until`.
    case deferred(until: Date, reason: DeferralReason)
    /// The store could not record what happened; the row may stay claimed.
    case storeError(String)
}

/// Why a row was put back without an error of its own.
public enum DeferralReason: String, Sendable, Hashable {
    /// The policy deferred it (a follow-up not yet due).
    case policy
    /// The account's send rate is at its limit; the row waits for the next slot.
    case rateLimited = "rate_limited"
    /// Meta throttled the account (now or earlier in the round).
    case accountThrottled = "account_throttled"
    /// The account's token was refused and it waits to be re-authorised.
    case accountNeedsReauthentication = "account_needs_reauthentication"
}
