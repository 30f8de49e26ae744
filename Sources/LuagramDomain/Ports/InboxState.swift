/// Where a webhook body is in its processing. Stored as the raw value: never rename.
public enum InboxState: String, Sendable, Hashable, CaseIterable {
    /// Not processed yet (possibly leased to a worker right now).
    case pending
    /// Every event in it was committed.
    case done
    /// It cannot be processed; the row keeps the error.
    case rejected
    /// Its processing failed or stopped the process too many times: kept with the last
    /// error, and not processed again until someone puts it back (`luagram inbox retry`).
    case quarantined
}
