import Foundation

/// Exactly-once effects for at-least-once events.
///
/// Everything an event changes is committed by one call, so a crash leaves either all of
/// it or none of it, and a redelivered or re-claimed event finds its key and changes
/// nothing.
public protocol EventStore: Sendable {
    /// Which of these keys were committed: `hasProcessed` for a whole batch in one read.
    func processedKeys(among keys: [EventKey]) async throws -> Set<EventKey>

    /// Commits outcomes, in order, in one transaction (one write to disk for all): each
    /// outcome is an event's whole effect — its de-duplication key, the contact and
    /// conversation, what the contact sent, the decided sends (outbox rows and their queued
    /// messages), refused messages and the decision log — and succeeds or fails on its own,
    /// as if committed alone one after another, so a later outcome may be based on the
    /// contact version an earlier one writes. An outcome's result is `.duplicate` (nothing
    /// stored) if its key was committed before, `.conflict` (nothing stored) if its contact
    /// changed since it was loaded.
    func commit(_ outcomes: [EventOutcome]) async throws -> [CommitResult]
}

extension EventStore {
    /// Whether an event with this key was committed; lets a worker skip a replay before
    /// running the rules. The commit checks again, so a race here is harmless.
    public func hasProcessed(_ key: EventKey) async throws -> Bool {
        try await !processedKeys(among: [key]).isEmpty
    }

    /// Commits one event's outcome (see `commit(_:)` for several).
    public func commit(_ outcome: EventOutcome) async throws -> CommitResult {
        guard let result = try await commit([outcome]).first else { throw StoreError.invalidOutcome("no result for the outcome") }
        return result
    }
}
