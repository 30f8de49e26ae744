/// One intent with where it came from and what the policy decided, as logged.
public struct DecisionRecord: Sendable, Hashable {
    public var intent: Intent
    public var origin: Origin
    public var decision: Decision
    /// The outbox row the decision became, if it is a send.
    public var outboxID: OutboxID?

    public init(intent: Intent, origin: Origin, decision: Decision, outboxID: OutboxID? = nil) {
        self.intent = intent
        self.origin = origin
        self.decision = decision
        self.outboxID = outboxID
    }
}
