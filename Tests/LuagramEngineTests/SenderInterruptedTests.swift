import Foundation
import LuagramDomain
import LuagramEngine
import LuagramStore
import LuagramTestSupport
import Testing

@Suite("Sender after a crash")
struct SenderInterruptedTests {
    @Test("a row a killed process left sending is marked failed at start, never sent again, and the rest goes out")
    func interruptedRowsAreSettled() async throws {
        try await SenderHarness.run { harness in
            let interrupted = try await harness.commitReply("claimed before the kill", eventID: "m1")
            // the previous process claimed it and died before recording Meta's answer
            _ = try await harness.store.claimDueOutbox(limit: 10, now: SenderHarness.t0)
            let fresh = try await harness.commitReply("queued after the restart", eventID: "m2")

            #expect(await harness.sender.failInterrupted(now: SenderHarness.t0) == 1)
            let settled = try #require(try await harness.row(interrupted))
            #expect(settled.state == .failed)
            #expect(settled.lastFailure?.message.hasPrefix("interrupted while sending") == true)

            _ = await harness.sender.sendDue(now: SenderHarness.t0)
            #expect(try await harness.row(fresh)?.state == .sent)
            #expect(harness.server.requests.count == 1)
            #expect(await harness.sender.failInterrupted(now: SenderHarness.t0) == 0)
        }
    }
}
