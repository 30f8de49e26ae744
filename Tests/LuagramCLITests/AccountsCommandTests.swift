import Foundation
import LuagramDomain
import LuagramStore
import LuagramTestSupport
import Testing

/// `luagram accounts` as a script runs it, against the Meta twin on 127.0.0.1.
@Suite("luagram accounts", .serialized)
struct AccountsCommandTests {
    static let account = FakeGraphServer.account
    static let token = FakeGraphServer.token
    /// 32 bytes, base64: a test key, never a real one.
    static let key = Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()
    static let instagramFields = [
        "messages", "messaging_postbacks", "messaging_seen", "messaging_referral", "message_reactions", "messaging_handover",
        "standby", "comments", "live_comments", "mentions",
    ]
    static let permissions = "instagram_business_basic,instagram_business_manage_messages,instagram_business_manage_comments"

    struct Setup {
        let folder: TemporaryFolder
        let graph: FakeGraphServer
        var db: String { folder.path + "/luagram.db" }

        func run(_ arguments: [String], key: String? = AccountsCommandTests.key, token: String? = nil, input: String? = nil)
            async throws -> LuagramProcess
        {
            var environment: [String: String] = [:]
            if let key { environment["LUAGRAM_TOKEN_KEY"] = key }
            if let token { environment["LUAGRAM_NEW_TOKEN"] = token }
            return try await LuagramProcess.run(
                ["accounts"] + arguments + ["--db", db, "--graph-url", graph.baseURL, "--facebook-graph-url", graph.baseURL],
                environment: environment, input: input)
        }
    }

    static func setup(tokens: [String: String] = [account: token]) async throws -> Setup {
        Setup(folder: try TemporaryFolder(), graph: try await FakeGraphServer.start(tokens: tokens))
    }

    @Test("add, check, subscribe, check, list and remove an Instagram Login account, with the exit codes scripts rely on")
    func instagramLoginLifecycle() async throws {
        let setup = try await Self.setup()
        let graph = setup.graph
        defer { Task { await graph.stop() } }
        setup.graph.setUsername("shop", of: Self.account)

        let added = try await setup.run(["add", Self.account, "--permissions", Self.permissions], token: Self.token)
        #expect(added.status == 0, "\(added.errorOutput)")
        #expect(added.output.contains("added account \(Self.account) (@shop), instagram login"))

        // not subscribed yet: check says so and what to run, and exits 1
        let before = try await setup.run(["check", Self.account])
        #expect(before.status == 1)
        #expect(before.output.contains("ok       token works: account \(Self.account) (@shop)"))
        #expect(before.output.contains("ok       permissions:"))
        #expect(before.output.contains("MISSING  webhook fields messages,") || before.output.contains("MISSING  webhook fields messages"))
        #expect(before.output.contains("run `luagram accounts subscribe \(Self.account)`"))

        let subscribed = try await setup.run(["subscribe", Self.account])
        #expect(subscribed.status == 0, "\(subscribed.errorOutput)")
        #expect(setup.graph.subscribedFields(of: Self.account) == Self.instagramFields)
        let subscribeCall = try #require(setup.graph.requests.last { $0.method == "POST" })
        #expect(subscribeCall.path == "/v25.0/me/subscribed_apps")
        #expect(subscribeCall.query == "subscribed_fields=" + Self.instagramFields.joined(separator: ","))

        let after = try await setup.run(["check"])
        #expect(after.status == 0, "\(after.output)")
        #expect(!after.output.contains("MISSING"))
        #expect(after.output.contains("ok       webhook fields: messages"))

        let listed = try await setup.run(["list"], key: nil)
        #expect(listed.status == 0)
        #expect(listed.output.contains("\(Self.account)\tinstagram\t-\tshop\tactive\t0h\tin 59d"))

        #expect(try await setup.run(["remove", Self.account]).status == 0)
        #expect(try await setup.run(["remove", Self.account]).status == 2)
        #expect(try await setup.run(["check", Self.account]).status == 2)
        #expect(try await setup.run(["subscribe", "17841400000000999"]).status == 2)
    }

    @Test("add refuses without a key (78), a token Meta refuses (4), another account's token (4), an unreachable Graph (3), no token (64)")
    func addRefusals() async throws {
        let setup = try await Self.setup(tokens: [Self.account: Self.token, "17841400000000002": "other-token"])
        let graph = setup.graph
        defer { Task { await graph.stop() } }
        let noKey = try await setup.run(["add", Self.account], key: nil, token: Self.token)
        #expect(noKey.status == 78)
        #expect(noKey.errorOutput.contains("LUAGRAM_TOKEN_KEY is not set"))
        #expect(try await setup.run(["add", Self.account], key: "too-short", token: Self.token).status == 78)

        let refused = try await setup.run(["add", Self.account], token: "not-a-token")
        #expect(refused.status == 4)
        #expect(!refused.errorOutput.contains("not-a-token"))
        #expect(try await setup.run(["add", Self.account], token: "other-token").status == 4)
        #expect(try await setup.run(["add", Self.account]).status == 64)

        var unreachable = try await LuagramProcess.run(
            ["accounts", "add", Self.account, "--db", setup.db, "--graph-url", "http://127.0.0.1:1", "--graph-timeout", "2"],
            environment: ["LUAGRAM_TOKEN_KEY": Self.key, "LUAGRAM_NEW_TOKEN": Self.token])
        #expect(unreachable.status == 3)
        // the token on standard input works as well as from the environment
        unreachable = try await setup.run(["add", Self.account], input: Self.token + "\n")
        #expect(unreachable.status == 0, "\(unreachable.errorOutput)")
        #expect(try await setup.run(["list"], key: nil).output.contains(Self.account))
    }

    @Test("a stored token is ciphertext: its bytes appear in none of the database's files")
    func tokenIsSealedAtRest() async throws {
        let setup = try await Self.setup()
        let graph = setup.graph
        defer { Task { await graph.stop() } }
        #expect(try await setup.run(["add", Self.account], token: Self.token).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: setup.folder.path)
        #expect(files.contains("luagram.db"))
        var bytes = 0
        for file in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: setup.folder.path + "/" + file))
            bytes += data.count
            #expect(data.range(of: Data(Self.token.utf8)) == nil, "\(file) holds the token in clear")
        }
        #expect(bytes > 0)
        let store = try SQLiteStore(path: setup.db)
        defer { try? store.close() }
        let stored = try #require(try await store.connectedAccount(Self.account))
        // nonce (12) + ciphertext (the token's length) + tag (16)
        #expect(stored.sealedToken.count == 12 + Self.token.utf8.count + 16)
        // another key does not open it: check stops with 78
        let otherKey = Data(repeating: 1, count: 32).base64EncodedString()
        #expect(try await setup.run(["check", Self.account], key: otherKey).status == 78)
    }

    @Test("a token Meta refuses with 190: check says to re-authorise and exits 1")
    func expiredTokenCheck() async throws {
        let setup = try await Self.setup()
        let graph = setup.graph
        defer { Task { await graph.stop() } }
        #expect(try await setup.run(["add", Self.account], token: Self.token).status == 0)
        setup.graph.expire(Self.token, at: Date().addingTimeInterval(-60))
        let checked = try await setup.run(["check", Self.account])
        #expect(checked.status == 1)
        #expect(checked.output.contains("MISSING  re-authorise: Meta refused the token (190)"))
        #expect(checked.output.contains("run `luagram accounts add \(Self.account)`"))
    }

    @Test("Facebook Login: the Page's token, its permissions through debug_token, the Page's subscription")
    func facebookLogin() async throws {
        let page = "100000000000001"
        let setup = try await Self.setup(tokens: [page: "page-token-EAAB"])
        let graph = setup.graph
        defer { Task { await graph.stop() } }
        setup.graph.linkPage(page, to: Self.account)
        setup.graph.setPermissions(["instagram_basic", "instagram_manage_messages", "pages_manage_metadata"], of: page)

        let added = try await setup.run(["add", Self.account, "--page", page], token: "page-token-EAAB")
        #expect(added.status == 0, "\(added.errorOutput)")
        #expect(try await setup.run(["add", "17841400000000999", "--page", page], token: "page-token-EAAB").status == 4)
        #expect(try await setup.run(["subscribe", Self.account]).status == 0)
        #expect(
            setup.graph.subscribedFields(of: page) == [
                "messages", "messaging_postbacks", "message_reads", "messaging_referrals", "message_reactions", "messaging_handovers",
                "standby",
            ])
        let checked = try await setup.run(["check", Self.account])
        #expect(checked.status == 1)
        #expect(checked.output.contains("ok       token works: page \(page) is linked to account \(Self.account)"))
        #expect(checked.output.contains("MISSING  permissions instagram_manage_comments"))
        #expect(checked.output.contains("ok       webhook fields:"))
        #expect(try await setup.run(["list"], key: nil).output.contains("\(Self.account)\tfacebook\t\(page)\t-\tactive\t0h\tnever"))
    }
}
