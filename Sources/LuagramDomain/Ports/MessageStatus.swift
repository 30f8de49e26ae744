/// Where a message is in its life. Stored as the raw value: never rename, only add.
///
/// Outgoing messages move `queued` → `sent` → `delivered` → `read`, only forwards, or end
/// `failed` (Meta's error kept) or `refused` (the policy's reason kept).
public enum MessageStatus: String, Sendable, Hashable, CaseIterable {
    /// An inbound message.
    case received
    case queued
    case sent
    /// What would have been sent, in a dry run: it never reached Meta.
    case dryRun = "dry_run"
    case delivered
    case read
    case failed
    case refused
}
