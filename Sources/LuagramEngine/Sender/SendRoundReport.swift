import LuagramDomain

/// What one `OutboxSender.sendDue(now:)` did, row by row, in claim order.
public struct SendRoundReport: Sendable, Hashable {
    public var outcomes: [Outcome]

    public init(outcomes: [Outcome] = []) {
        self.outcomes = outcomes
    }

    /// One row's outcome.
    public struct Outcome: Sendable, Hashable {
        public var id: OutboxID
        public var account: String
        public var outcome: SendOutcome

        public init(id: OutboxID, account: String, outcome: SendOutcome) {
            self.id = id
            self.account = account
            self.outcome = outcome
        }
    }

    /// The outcome of a row, if it was claimed in this round.
    public subscript(_ id: OutboxID) -> SendOutcome? {
        outcomes.first { $0.id == id }?.outcome
    }

    public var claimed: Int { outcomes.count }
}
