import Foundation
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramPolicy
import LuagramStore
import LuagramTestSupport
import Testing

/// The limits a restart must not forget, over one database file closed and opened again.
@Suite("Rate limits and throttle pauses survive a restart", .serialized)
struct SenderRestartRateTests {
    typealias H = SenderHarness

    /// A sender on the database at `path`, as `serve` makes one after a start.
    static func harness(path: String, server: FakeGraphServer, configuration: SenderConfiguration) throws -> H {
        let store = try SQLiteStore(path: path)
        let client = GraphClient(
            configuration: GraphConfiguration(baseURL: server.baseURL),
            tokens: StaticGraphTokens([H.account: GraphAccessToken(FakeGraphServer.token)]), logger: H.quiet)
        let sender = OutboxSender(
            outbox: store, conversations: store, sender: GraphMessageSender(client: client), configuration: configuration,
            random: { 0.5 }, rateStore: store, logger: H.quiet)
        return H(store: store, server: server, sender: sender)
    }

    @Test("a 613 pause still holds after a restart: the new process does not call Meta until it ends")
    func throttlePauseSurvives() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/luagram.db"
        let server = try await FakeGraphServer.start()
        defer { Task { await server.stop() } }
        server.enqueue(
            .metaError(code: 613, subcode: 2_534_040, message: "(#613) Calls to this api have exceeded the rate limit.")
                .businessUseCaseUsage(minutesToRegainAccess: 10))

        let before = try Self.harness(path: path, server: server, configuration: SenderConfiguration())
        let first = try await before.commitReply("Hello", eventID: "mid-1", contact: "c-1")
        guard case .deferred(_, .accountThrottled) = await before.sender.sendDue(now: H.t0)[first] else {
            Issue.record("not paused")
            return
        }
        try before.store.close()

        let after = try Self.harness(path: path, server: server, configuration: SenderConfiguration())
        let second = try await after.commitReply("Hi", eventID: "mid-2", contact: "c-2")
        let report = await after.sender.sendDue(now: H.t0.addingTimeInterval(60))
        guard case .deferred(let until, .accountThrottled) = report[second] else {
            Issue.record("sent during Meta's block: \(String(describing: report[second]))")
            return
        }
        #expect(until == H.t0.addingTimeInterval(600))
        #expect(server.requests.count == 1)
        #expect(await after.sender.pausedAccounts(at: H.t0.addingTimeInterval(60)).map(\.reason) == [.throttled])
        // once the pause is over, both go
        let resumed = await after.sender.sendDue(now: H.t0.addingTimeInterval(601))
        #expect(resumed.outcomes.filter { if case .sent = $0.outcome { true } else { false } }.count == 2)
        try after.store.close()
    }

    @Test("the private replies of the last hour still count after a restart")
    func privateReplyLogSurvives() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/luagram.db"
        let server = try await FakeGraphServer.start()
        defer { Task { await server.stop() } }
        let configuration = SenderConfiguration(rateLimits: RateLimits(privateReply: RateLimit(calls: 2, per: 3600)))
        let message = OutgoingMessage(text: "Here is the link")
        let plan = SendPlan(messagingType: .response, messages: [message])

        let before = try Self.harness(path: path, server: server, configuration: configuration)
        for n in 1...2 {
            try await before.commit(
                .privateReply(message), plan: plan, eventKind: .comment, eventID: "1786000000000010\(n)", contact: "c-\(n)")
        }
        _ = await before.sender.sendDue(now: H.t0)
        #expect(server.requests.count == 2)
        try before.store.close()

        let after = try Self.harness(path: path, server: server, configuration: configuration)
        let third = try await after.commit(
            .privateReply(message), plan: plan, eventKind: .comment, eventID: "17860000000000103", contact: "c-3",
            eventTime: H.t0.addingTimeInterval(60))
        let report = await after.sender.sendDue(now: H.t0.addingTimeInterval(60))
        guard case .deferred(let until, .rateLimited) = report[third] else {
            Issue.record("a third private reply within the hour: \(String(describing: report[third]))")
            return
        }
        #expect(until == H.t0.addingTimeInterval(3600))
        #expect(server.requests.count == 2)
        try after.store.close()
    }
}
