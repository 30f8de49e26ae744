import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramStore
import LuagramTestSupport
import Testing

/// Tokens stored by `luagram accounts add`, as the server built by `buildApplication` uses,
/// renews and gives up on them, against the Meta twin on a hand-moved clock.
@Suite("Stored tokens", .serialized)
struct StoredTokenTests {
    static let account = FakeGraphServer.account
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static let key = Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()
    static let oldToken = "IGAA-long-lived-original"

    static var quiet: Logger {
        var logger = Logger(label: "stored-tokens")
        logger.logLevel = .critical
        return logger
    }

    static func settings(_ folder: TemporaryFolder, graph: FakeGraphServer) -> ServeSettings {
        var settings = ServeSettings(database: folder.path + "/luagram.db", rulesFolder: folder.path)
        settings.appSecrets = ["secret"]
        settings.graphURL = graph.baseURL
        settings.tokenKey = key
        settings.reloadOnHangup = false
        return settings
    }

    /// The account stored as `accounts add` stores it, before the server is built.
    static func connect(_ folder: TemporaryFolder, issuedAt: Date, expiresAt: Date) async throws {
        let store = try SQLiteStore(path: folder.path + "/luagram.db")
        let vault = try TokenVault(keyText: key)
        try await store.saveConnectedAccount(
            ConnectedAccount(
                id: account, login: .instagram, sealedToken: try vault.seal(GraphAccessToken(oldToken), account: account),
                issuedAt: issuedAt, expiresAt: expiresAt, addedAt: issuedAt))
        try store.close()
    }

    static func dm(_ text: String, mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(ms),"messaging":[{"sender":{"id":"1000000000000001"},"recipient":{"id":"\#(account)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#
                .utf8)
    }

    /// One DM processed and its reply sent: the token the reply went out with.
    static func replyToken(_ built: BuiltLuagram, graph: FakeGraphServer, mid: String, at now: Date) async throws -> String? {
        _ = try await built.store.appendToInbox(dm("hi", mid: mid, at: now), receivedAt: now)
        _ = try await built.makeProcessor(worker: 0).processPending(now: now)
        _ = await built.sender.sendDue(now: now)
        return graph.requests.last { $0.path.hasSuffix("/messages") }?.bearerToken
    }

    @Test("a token near its expiry is refreshed off the request path, stored sealed, and used after a restart")
    func refreshPersistsAcrossRestart() async throws {
        let clock = ManualClock(Self.t0)
        let graph = try await FakeGraphServer.start(tokens: [Self.account: Self.oldToken], now: { clock.now })
        defer { Task { await graph.stop() } }
        let folder = try TemporaryFolder()
        try folder.write("reply.lua", #"on("message", function(ev) ev:reply("Thanks") end)"#)
        // 55 days old, 5 days to go: due (within the 10 days before expiry)
        let issued = Self.t0.addingTimeInterval(-55 * 86400)
        graph.expire(Self.oldToken, at: Self.t0.addingTimeInterval(5 * 86400), issued: issued)
        try await Self.connect(folder, issuedAt: issued, expiresAt: Self.t0.addingTimeInterval(5 * 86400))

        var built = try await buildApplication(settings: Self.settings(folder, graph: graph), clock: clock, logger: Self.quiet)
        #expect(!built.dryRun)
        #expect(try await Self.replyToken(built, graph: graph, mid: "m-1", at: clock.now) == Self.oldToken)
        let refresher = try #require(built.tokenRefresher)
        #expect(await refresher.refreshDue() == [.refreshed(account: Self.account)])
        #expect(graph.refreshCount == 1)
        let fresh = try #require(graph.currentToken(of: Self.account))
        #expect(fresh != Self.oldToken)
        // the clients use the new token at once; a fresh token is not refreshed again
        clock.advance(by: 60)
        #expect(try await Self.replyToken(built, graph: graph, mid: "m-2", at: clock.now) == fresh)
        clock.advance(by: 2 * 86400)
        #expect(await refresher.refreshDue() == [])
        try await built.shutdown()

        // a restart reads the new token back from the store
        built = try await buildApplication(settings: Self.settings(folder, graph: graph), clock: clock, logger: Self.quiet)
        clock.advance(by: 60)
        #expect(try await Self.replyToken(built, graph: graph, mid: "m-3", at: clock.now) == fresh)
        let stored = try #require(try await built.store.connectedAccount(Self.account))
        #expect(stored.issuedAt == Self.t0 && stored.refreshedAt == Self.t0)
        #expect(stored.expiresAt == Self.t0.addingTimeInterval(60 * 86400))
        #expect(try TokenVault(keyText: Self.key).open(stored.sealedToken, account: Self.account).secret == fresh)
        #expect(await built.tokenRefresher?.refreshDue() == [])
        #expect(graph.refreshCount == 1)
        try await built.shutdown()
    }

    @Test("a token younger than 24 hours or far from expiry is left alone")
    func notDueYet() async throws {
        let clock = ManualClock(Self.t0)
        let graph = try await FakeGraphServer.start(tokens: [Self.account: Self.oldToken], now: { clock.now })
        defer { Task { await graph.stop() } }
        let folder = try TemporaryFolder()
        try await Self.connect(folder, issuedAt: Self.t0.addingTimeInterval(-3600), expiresAt: Self.t0.addingTimeInterval(30 * 86400))
        let built = try await buildApplication(settings: Self.settings(folder, graph: graph), clock: clock, logger: Self.quiet)
        // an hour old
        #expect(await built.tokenRefresher?.refreshDue() == [])
        // a day old, 29 days to go
        clock.advance(by: 86400)
        #expect(await built.tokenRefresher?.refreshDue() == [])
        // 9 days to go
        clock.advance(by: 20 * 86400)
        #expect(await built.tokenRefresher?.refreshDue() == [.refreshed(account: Self.account)])
        #expect(graph.refreshCount == 1)
        try await built.shutdown()
    }

    @Test("Meta's 190 marks the account for re-authorisation: /healthz says what to do, the metric counts it")
    func refusedTokenIsReported() async throws {
        let clock = ManualClock(Self.t0)
        let graph = try await FakeGraphServer.start(tokens: [Self.account: Self.oldToken], now: { clock.now })
        defer { Task { await graph.stop() } }
        let folder = try TemporaryFolder()
        let issued = Self.t0.addingTimeInterval(-59 * 86400)
        graph.expire(Self.oldToken, at: Self.t0.addingTimeInterval(-60), issued: issued)
        try await Self.connect(folder, issuedAt: issued, expiresAt: Self.t0.addingTimeInterval(86400))

        let built = try await buildApplication(settings: Self.settings(folder, graph: graph), clock: clock, logger: Self.quiet)
        #expect(await built.tokenRefresher?.refreshDue() == [.needsReauth(account: Self.account)])
        #expect(graph.refreshCount == 0)
        let stored = try #require(try await built.store.connectedAccount(Self.account))
        #expect(stored.state == .needsReauth)
        #expect(stored.stateReason?.contains("190/463") == true)
        // given up on: not tried again every round
        #expect(await built.tokenRefresher?.refreshDue() == [])

        try await #require(built.application).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = String(buffer: response.body)
                #expect(body.contains("account \(Self.account) needs re-authorisation"))
                #expect(body.contains("luagram accounts add \(Self.account)"))
                #expect(!body.contains(Self.oldToken))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("luagram_accounts_needing_reauth 1"))
                #expect(!text.contains(Self.oldToken))
            }
        }
        try await built.shutdown()
    }

    @Test("a send Meta refuses with 190 pauses the account, and the refresher's next round records it for `accounts check`")
    func refusedSendIsRecorded() async throws {
        let clock = ManualClock(Self.t0)
        let graph = try await FakeGraphServer.start(tokens: [Self.account: Self.oldToken], now: { clock.now })
        defer { Task { await graph.stop() } }
        let folder = try TemporaryFolder()
        try folder.write("reply.lua", #"on("message", function(ev) ev:reply("Thanks") end)"#)
        // young and far from expiry: the refresher has no reason to call Meta
        try await Self.connect(folder, issuedAt: Self.t0.addingTimeInterval(-3600), expiresAt: Self.t0.addingTimeInterval(50 * 86400))
        graph.expire(Self.oldToken, at: Self.t0.addingTimeInterval(-1))

        let built = try await buildApplication(settings: Self.settings(folder, graph: graph), clock: clock, logger: Self.quiet)
        _ = try await Self.replyToken(built, graph: graph, mid: "m-1", at: clock.now)
        #expect(await built.sender.pausedAccounts(at: clock.now).map(\.reason) == [.reauthenticate])
        #expect(try await built.store.connectedAccount(Self.account)?.state == .active)
        #expect(await built.tokenRefresher?.refreshDue() == [])
        #expect(graph.refreshCount == 0)
        let stored = try #require(try await built.store.connectedAccount(Self.account))
        #expect(stored.state == .needsReauth)
        #expect(stored.stateReason?.hasPrefix("Meta 190/463") == true)
        try await built.shutdown()
    }

    @Test("stored accounts without LUAGRAM_TOKEN_KEY stop the build with a clear error")
    func storedAccountsNeedTheKey() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        let folder = try TemporaryFolder()
        try await Self.connect(folder, issuedAt: Self.t0, expiresAt: Self.t0.addingTimeInterval(86400))
        var settings = Self.settings(folder, graph: graph)
        settings.tokenKey = nil
        await #expect(throws: TokenVaultError.missingKey) { try await buildApplication(settings: settings, logger: Self.quiet) }
        settings.tokenKey = Data(repeating: 7, count: 32).base64EncodedString()
        await #expect(throws: TokenVaultError.cannotOpen) { try await buildApplication(settings: settings, logger: Self.quiet) }
    }
}
