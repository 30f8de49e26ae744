/// What one claim on the inbox did: the bodies leased to the claimer, and those it
/// quarantined instead because they had used up their attempts.
public struct InboxClaim: Sendable, Hashable {
    /// Leased to the claimer, oldest first. Either untried bodies only, or one body that
    /// was tried before (see `InboxClaimPlan`).
    public var rows: [InboxRow]
    /// Quarantined by this claim.
    public var quarantined: [QuarantinedBody]

    public init(rows: [InboxRow] = [], quarantined: [QuarantinedBody] = []) {
        self.rows = rows
        self.quarantined = quarantined
    }
}
