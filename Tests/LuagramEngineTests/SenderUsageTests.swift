import Foundation
import LuagramDomain
import LuagramEngine
import LuagramTestSupport
import Testing

@Suite("Meta's usage headers slow the sender down before Meta throttles")
struct SenderUsageTests {
    typealias H = SenderHarness
    /// One contact at a time, so the second call comes after the first answer.
    static let oneByOne = SenderConfiguration(concurrency: 1)

    static func twoReplies(_ h: H) async throws -> (OutboxID, OutboxID) {
        (
            try await h.commitReply("First", eventID: "mid-u1", contact: "c-u1"),
            try await h.commitReply("Second", eventID: "mid-u2", contact: "c-u2")
        )
    }

    @Test("a success reporting 92 % of the app's calls used pauses the account before the next call")
    func highAppUsagePauses() async throws {
        try await H.run(configuration: Self.oneByOne) { h in
            h.server.enqueue(.success().appUsage(callCount: 92, totalTime: 10, totalCPUTime: 10))
            let (first, second) = try await Self.twoReplies(h)
            let report = await h.sender.sendDue(now: H.t0)
            guard case .sent = report[first] else { Issue.record("first not sent"); return }
            // (92 - 85 + 1) / 16 of the 60 s backoff
            #expect(report[second] == .deferred(until: H.t0.addingTimeInterval(30), reason: .accountThrottled))
            #expect(h.posts.count == 1)
            #expect(await h.sender.pausedAccounts(at: H.t0).map(\.reason) == [.throttled])
        }
    }

    @Test("Meta's estimated time to regain access on a success sets the pause")
    func businessUseCaseEstimate() async throws {
        try await H.run(configuration: Self.oneByOne) { h in
            h.server.enqueue(.success().businessUseCaseUsage(callCount: 95, minutesToRegainAccess: 3))
            let (_, second) = try await Self.twoReplies(h)
            let report = await h.sender.sendDue(now: H.t0)
            #expect(report[second] == .deferred(until: H.t0.addingTimeInterval(180), reason: .accountThrottled))
            #expect(h.posts.count == 1)
        }
    }

    @Test("usage below the threshold slows nothing down")
    func lowUsageGoesOn() async throws {
        try await H.run(configuration: Self.oneByOne) { h in
            h.server.enqueue(.success().appUsage(callCount: 50, totalTime: 40, totalCPUTime: 30))
            let (first, second) = try await Self.twoReplies(h)
            let report = await h.sender.sendDue(now: H.t0)
            guard case .sent = report[first], case .sent = report[second] else { Issue.record("\(report)"); return }
            #expect(h.posts.count == 2)
        }
    }
}
