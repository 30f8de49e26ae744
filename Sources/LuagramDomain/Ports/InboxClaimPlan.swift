/// Which of the claimable inbox bodies a claim takes, and which it quarantines instead.
///
/// The attempt is counted when a body is claimed, so a body whose processing kills the
/// process is charged for it like one whose processing throws. Two rules keep that charge
/// on the poison body alone:
/// - a body already tried (`attempts > 0`) is claimed on its own, never with others, so a
///   crash while it runs charges nobody else, and its innocent batch-mates, which were
///   charged once by the crash that took their batch, succeed on their own next time;
/// - a body tried `maxAttempts` times is quarantined instead of claimed.
public struct InboxClaimPlan: Sendable, Hashable {
    /// The bodies to lease now, in id order.
    public var claim: [InboxID]
    /// The bodies to quarantine, in id order.
    public var quarantine: [InboxID]

    public init(claim: [InboxID], quarantine: [InboxID]) {
        self.claim = claim
        self.quarantine = quarantine
    }

    /// One claimable body: its id and how many times it was claimed before.
    public struct Candidate: Sendable, Hashable {
        public var id: InboxID
        public var attempts: Int

        public init(id: InboxID, attempts: Int) {
            self.id = id
            self.attempts = attempts
        }
    }

    /// The plan for `candidates` (claimable bodies in id order): the leading run of
    /// untried bodies, or the first tried one alone; every worn-out body is quarantined.
    public static func plan(_ candidates: [Candidate], maxAttempts: Int) -> InboxClaimPlan {
        var plan = InboxClaimPlan(claim: [], quarantine: [])
        var closed = false
        for candidate in candidates {
            if candidate.attempts >= maxAttempts {
                plan.quarantine.append(candidate.id)
                continue
            }
            guard !closed else { continue }
            if candidate.attempts > 0 {
                // alone: after fresh bodies it waits for the next claim
                if plan.claim.isEmpty { plan.claim.append(candidate.id) }
                closed = true
            } else {
                plan.claim.append(candidate.id)
            }
        }
        return plan
    }
}
