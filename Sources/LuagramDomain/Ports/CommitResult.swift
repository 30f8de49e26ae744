/// What became of an `EventOutcome`.
public enum CommitResult: Sendable, Hashable {
    /// Everything was stored.
    case committed
    /// The event was committed before; nothing was stored this time.
    case duplicate
    /// The contact was changed by someone else since it was loaded; nothing was stored.
    /// Reload the contact and run the event again.
    case conflict
}
