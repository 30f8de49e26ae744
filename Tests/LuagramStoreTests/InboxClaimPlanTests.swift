import LuagramDomain
import Testing

@Suite("Which inbox bodies a claim takes")
struct InboxClaimPlanTests {
    typealias Candidate = InboxClaimPlan.Candidate

    static func candidates(_ attempts: [Int]) -> [Candidate] {
        attempts.enumerated().map { Candidate(id: Int64($0.offset + 1), attempts: $0.element) }
    }

    @Test("untried bodies are claimed together, up to the first one tried before")
    func freshRun() {
        let plan = InboxClaimPlan.plan(Self.candidates([0, 0, 0, 1, 0]), maxAttempts: 3)
        #expect(plan == InboxClaimPlan(claim: [1, 2, 3], quarantine: []))
    }

    @Test("a body tried before is claimed alone, so a crash while it runs charges no other body")
    func retriedAlone() {
        #expect(InboxClaimPlan.plan(Self.candidates([1, 0, 0]), maxAttempts: 3) == InboxClaimPlan(claim: [1], quarantine: []))
        #expect(InboxClaimPlan.plan(Self.candidates([2, 1]), maxAttempts: 3) == InboxClaimPlan(claim: [1], quarantine: []))
    }

    @Test("a body claimed max-attempts times is quarantined, wherever it is, and the others go on")
    func wornOutQuarantined() {
        let plan = InboxClaimPlan.plan(Self.candidates([3, 0, 0, 5, 1]), maxAttempts: 3)
        #expect(plan == InboxClaimPlan(claim: [2, 3], quarantine: [1, 4]))
        #expect(InboxClaimPlan.plan(Self.candidates([3, 2]), maxAttempts: 3) == InboxClaimPlan(claim: [2], quarantine: [1]))
        #expect(InboxClaimPlan.plan(Self.candidates([1]), maxAttempts: 1) == InboxClaimPlan(claim: [], quarantine: [1]))
    }

    @Test("nothing claimable, nothing planned")
    func empty() {
        #expect(InboxClaimPlan.plan([], maxAttempts: 3) == InboxClaimPlan(claim: [], quarantine: []))
    }
}
