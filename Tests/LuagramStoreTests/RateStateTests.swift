import Foundation
import LuagramDomain
import Testing

@Suite("Saved sending limits")
struct RateStateTests {
    @Test("limits are saved, replaced per account, and read back after a restart", arguments: PortStoreKind.available)
    func saveReplaceReopen(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            #expect(try await harness.inbox.savedRateStates() == [:])
            let paused = SavedRateState(
                state: RateState(
                    calls: [.privateReply: [Sample.at(1), Sample.at(2.5)]], pausedUntil: Sample.at(600), consecutiveThrottles: 2),
                pausedSince: Sample.at(3), pauseFailure: SendFailure(code: 4, subcode: 2_534_022, message: "Application request limit reached"))
            let calm = SavedRateState(state: RateState(calls: [.privateReply: [Sample.at(5)]]))
            try await harness.inbox.saveRateStates(["17841400000000001": paused, "17841400000000002": calm], at: Sample.at(4))
            #expect(try await harness.inbox.savedRateStates() == ["17841400000000001": paused, "17841400000000002": calm])

            // Only the accounts named are replaced; a failure without a code keeps none.
            let resumed = SavedRateState(state: RateState(), pauseFailure: SendFailure(code: nil, message: "timeout"))
            try await harness.inbox.saveRateStates(["17841400000000001": resumed], at: Sample.at(700))
            // memory starts empty again: only a file or a server keeps them
            if kind != .memory { try await harness.reopen() }
            #expect(try await harness.inbox.savedRateStates() == ["17841400000000001": resumed, "17841400000000002": calm])
        }
    }
}
