/// Where an outbox entry is. Stored as the raw value: never rename.
public enum OutboxState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its due time or its next attempt.
    case pending
    /// Claimed by a sender. An entry left here by a crash is not sent again on its own:
    /// Meta may have received it, and a send happens at most once.
    case sending
    case sent
    /// Recorded, not sent: no access token was configured (or it was decided in a dry run).
    case dryRun = "dry_run"
    /// Meta refused it for good (or retries ran out); the error is kept.
    case failed
    /// The policy, asked again at send time, refused it; the reason is kept.
    case refused
}
