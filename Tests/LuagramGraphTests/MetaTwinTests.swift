import AsyncHTTPClient
import Foundation
import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import NIOCore
import Testing

/// The twin's accounts and contacts: expiring and refreshed tokens, profiles, standby threads.
@Suite("The Meta twin's accounts and contacts")
struct MetaTwinTests {
    final class Clock: @unchecked Sendable {
        var now = Date(timeIntervalSince1970: 1_795_000_000)
    }

    @Test("an expired token gets 190; a token 24 hours old is refreshed, the old one stops working, a fresh one is refused")
    func tokens() async throws {
        let clock = Clock()
        let server = try await FakeGraphServer.start(now: { clock.now })
        defer { Task { await server.stop() } }
        let client = GraphClient(configuration: GraphConfiguration(baseURL: server.baseURL), logger: quietLogger)
        server.expire(FakeGraphServer.token, at: clock.now.addingTimeInterval(3600), issued: clock.now.addingTimeInterval(-2 * 86400))

        #expect(await failure(of: try textReply(), on: client) == nil)
        let refreshURL = server.baseURL + "/refresh_access_token?grant_type=ig_refresh_token&access_token="
        let answer = try await Self.get(refreshURL + FakeGraphServer.token)
        let fresh = try #require(answer["access_token"]?.stringValue)
        #expect(answer["expires_in"] == Value.int(5_184_000))
        #expect(server.currentToken(of: IDs.account) == fresh)
        #expect(await failure(of: try textReply(), on: client)?.code == 190, "the old token is replaced")
        #expect(await failure(of: try textReply(), on: client, token: GraphAccessToken(fresh)) == nil)
        let tooNew = try await Self.get(refreshURL + fresh)
        #expect(tooNew["error"]?["message"]?.stringValue?.contains("too new") == true)

        clock.now = clock.now.addingTimeInterval(61 * 86400)
        let expired = await failure(of: try textReply(), on: client, token: GraphAccessToken(fresh))
        #expect(expired?.code == 190 && expired?.subcode == 463)
    }

    static func get(_ url: String) async throws -> Value {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        return try JSONText.parse(Data(body.readableBytesView))
    }

    @Test("a contact's profile is answered with the fields asked for; without consent, error 230")
    func profiles() async throws {
        let server = try await FakeGraphServer.start()
        defer { Task { await server.stop() } }
        let client = GraphClient(
            configuration: GraphConfiguration(baseURL: server.baseURL), tokens: StaticGraphTokens([IDs.account: token]),
            logger: quietLogger)
        server.setProfile(.init(name: "Ana Sousa", username: "ana.sousa"), for: IDs.contact)
        let profile = try await client.get(IDs.contact, query: [("fields", "name,username")], account: IDs.account)
        #expect(profile["name"]?.stringValue == "Ana Sousa" && profile["username"]?.stringValue == "ana.sousa")
        server.setProfile(nil, for: IDs.contact)
        await #expect(throws: GraphError.self) { _ = try await client.get(IDs.contact, query: [], account: IDs.account) }
    }

    @Test("a thread another app holds refuses sends with 100/2534037 until it is passed back")
    func standby() async throws {
        try await withFakeGraph { server, client in
            server.takeThread(of: IDs.contact)
            let refused = await failure(of: try textReply(), on: client)
            #expect(refused?.code == 100 && refused?.subcode == 2_534_037)
            server.passThread(of: IDs.contact)
            #expect(await failure(of: try textReply(), on: client) == nil)
        }
    }
}
