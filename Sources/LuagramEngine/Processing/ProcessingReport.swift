import LuagramDomain

/// What one round of inbox processing did, for logs and metrics.
public struct ProcessingReport: Sendable, Hashable {
    /// Inbox rows taken.
    public var bodies = 0
    /// Bodies kept but marked rejected: they were not webhooks at all.
    public var rejectedBodies = 0
    /// Bodies quarantined: their attempts were used up.
    public var quarantinedBodies = 0
    /// Bodies whose processing threw, handed back to be tried again.
    public var failedBodies = 0
    /// Events committed with their outcome.
    public var events = 0
    /// Events already processed before (a re-delivery or a replay): nothing done twice.
    public var duplicates = 0
    /// Items of a body that could not be decoded (the rest of the body was processed).
    public var itemErrors = 0
    /// Handlers that failed (reported and logged; the other handlers ran).
    public var ruleFailures = 0
    /// The decisions on the round's intents, in order.
    public var decisions: [RecordedIntent] = []

    public init() {}

    /// Adds another report's counts to this one.
    public mutating func add(_ other: ProcessingReport) {
        bodies += other.bodies
        rejectedBodies += other.rejectedBodies
        quarantinedBodies += other.quarantinedBodies
        failedBodies += other.failedBodies
        events += other.events
        duplicates += other.duplicates
        itemErrors += other.itemErrors
        ruleFailures += other.ruleFailures
        decisions += other.decisions
    }
}
