import Foundation

/// The decided sends and their delivery, as the sender works through them.
///
/// Rows enter through `EventStore.commit`, together with the decision that made them.
/// A claim moves a row to `sending` so no other sender takes it; from there it ends
/// `sent`, `failed` or `refused`, or goes back to `pending` for a retry.
public protocol OutboxStore: Sendable {
    /// Claims up to `limit` pending rows whose due time and next attempt have come,
    /// earliest first, moving them to `sending` and counting an attempt.
    func claimDueOutbox(limit: Int, now: Date) async throws -> [OutboxRow]

    /// Applies a round's changes to claimed rows in one transaction, in order; if one
    /// cannot be applied, none is.
    func apply(_ writes: [OutboxWrite], at time: Date) async throws

    func outboxRow(_ id: OutboxID) async throws -> OutboxRow?

    /// How many rows are in each state, for metrics. States with no rows are absent.
    func outboxCounts() async throws -> [OutboxState: Int]

    /// Puts the rows left `sending` back to pending, due at `time`: when one sender owns the
    /// outbox and has just started, these were claimed by a process that died. A row that
    /// may have been posted — named in `posted`, or any row but a dry run when nil (not
    /// known) — is marked unconfirmed since its claim, so it is checked with Meta before it
    /// is tried again. Returns how many rows it put back.
    func requeueInterrupted(at time: Date, posted: Set<OutboxID>?) async throws -> Int
}

/// One change at a time, for callers that have no round to collect (tests, tools): each is
/// `apply` of one write, so a second store implements only `apply`.
extension OutboxStore {
    /// Replaces the plan of a claimed row, when the policy asked again at send time planned it
    /// differently (a deferred intent gets its first plan here).
    public func replan(_ id: OutboxID, plan: SendPlan, at time: Date) async throws {
        try await apply([.replan(id, plan)], at: time)
    }

    /// Part `part` of a claimed row went out as Meta's `messageID`.
    public func markSent(_ id: OutboxID, part: Int, messageID: String, at time: Date) async throws {
        try await apply([.sent(id, part: part, messageID: messageID)], at: time)
    }

    /// Part `part` of a claimed row was recorded instead of sent (a dry run).
    public func markDryRun(_ id: OutboxID, part: Int, at time: Date) async throws {
        try await apply([.dryRun(id, part: part)], at: time)
    }

    /// Meta refused a claimed row for good.
    public func markFailed(_ id: OutboxID, failure: SendFailure, at time: Date) async throws {
        try await apply([.failed(id, failure)], at: time)
    }

    /// The policy refused a claimed row at send time.
    public func markRefused(_ id: OutboxID, reason: ReasonCode, at time: Date) async throws {
        try await apply([.refused(id, reason)], at: time)
    }

    /// A claimed row goes back to pending from `nextAttemptAt` (see `OutboxWrite.retry`).
    public func scheduleRetry(_ id: OutboxID, failure: SendFailure?, nextAttemptAt: Date, attempted: Bool, at time: Date)
        async throws
    {
        try await apply([.retry(id, failure, nextAttemptAt: nextAttemptAt, attempted: attempted)], at: time)
    }
}
