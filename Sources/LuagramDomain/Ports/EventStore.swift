import Foundation

/// Exactly-once effects for at-least-once events.
///
/// Everything an event changes is committed by one call, so a crash leaves either all of
/// it or none of it, and a redelivered or re-claimed event finds its key and changes
/// nothing.
public protocol EventStore: Sendable {
    /// Whether an event with this key was committed; lets a worker skip a replay before
    /// running the rules. The commit checks again, so a race here is harmless.
    func hasProcessed(_ key: EventKey) async throws -> Bool

    /// Which of these keys were committed: `hasProcessed` for a whole batch in one read.
    func processedKeys(among keys: [EventKey]) async throws -> Set<EventKey>

    /// Commits an event's whole outcome in one transaction: its de-duplication key, the
    /// contact and conversation, what the contact sent, the decided sends (outbox rows and
    /// their queued messages), refused messages and the decision log.
    ///
    /// Returns `.duplicate` (and stores nothing) if the key was committed before, and
    /// `.conflict` (storing nothing) if the contact changed since it was loaded.
    func commit(_ outcome: EventOutcome) async throws -> CommitResult

    /// Commits several outcomes, in order, in one transaction (one write to disk for all):
    /// each succeeds or fails on its own, as if committed alone one after another, so a
    /// later outcome may be based on the contact version an earlier one writes.
    func commit(_ outcomes: [EventOutcome]) async throws -> [CommitResult]

    /// Records that an event was handled and changed nothing (no handler for its kind, a
    /// status already applied); false if it was seen before. The contact is not touched.
    func recordProcessed(_ key: EventKey, at time: Date) async throws -> Bool

    /// The decisions logged for an event, in the order they were made.
    func decisions(for key: EventKey) async throws -> [LoggedDecision]
}
