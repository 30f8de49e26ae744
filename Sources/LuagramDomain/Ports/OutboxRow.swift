import Foundation

/// An outbox entry with its delivery progress.
public struct OutboxRow: Sendable, Hashable {
    public var entry: OutboxEntry
    public var state: OutboxState
    /// Claims so far; the sender gives up after its own limit.
    public var attempts: Int
    /// The earliest time of the next claim: the due time, moved later by retries.
    public var nextAttemptAt: Date
    /// How many messages of the plan went out; a retry resumes at this part.
    public var partsSent: Int
    public var dryRun: Bool
    /// Meta's last error, kept across retries.
    public var lastFailure: SendFailure?
    public var refusal: ReasonCode?
    public var updatedAt: Date
    /// Set when part `partsSent` was tried and may have reached Meta without an answer (a
    /// time-out, a crash): when that try began. The sender asks Meta before trying again.
    public var unconfirmedSince: Date?

    public init(
        entry: OutboxEntry, state: OutboxState, attempts: Int, nextAttemptAt: Date, partsSent: Int, dryRun: Bool,
        lastFailure: SendFailure? = nil, refusal: ReasonCode? = nil, updatedAt: Date, unconfirmedSince: Date? = nil
    ) {
        self.entry = entry
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.partsSent = partsSent
        self.dryRun = dryRun
        self.lastFailure = lastFailure
        self.refusal = refusal
        self.updatedAt = updatedAt
        self.unconfirmedSince = unconfirmedSince
    }
}
