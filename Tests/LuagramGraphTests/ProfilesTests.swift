import Foundation
import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import Testing

/// The User Profile API adapter against the twin: the fields it reads, and what Meta's
/// refusals mean for asking again.
@Suite("User Profile API")
struct ProfilesTests {
    static func profiles(_ server: FakeGraphServer) -> GraphProfiles {
        GraphProfiles(
            client: GraphClient(
                configuration: GraphConfiguration(baseURL: server.baseURL, timeout: .seconds(5)),
                tokens: StaticGraphTokens([IDs.account: token]), logger: quietLogger))
    }

    static func error(_ profiles: GraphProfiles, contact: String = IDs.contact) async -> ProfileLookupError? {
        do throws(ProfileLookupError) {
            _ = try await profiles.profile(account: IDs.account, contact: contact)
            return nil
        } catch {
            return error
        }
    }

    @Test("name and username are read with the account's token; only those fields are asked for")
    func readsNameAndUsername() async throws {
        try await withFakeGraph { server, _ in
            server.setProfile(FakeGraphServer.Profile(name: "Ana", username: "ana.b"), for: IDs.contact)
            let profile = try await Self.profiles(server).profile(account: IDs.account, contact: IDs.contact)
            #expect(profile == ContactProfile(name: "Ana", username: "ana.b"))
            let request = try #require(server.requests.last)
            #expect(request.method == "GET")
            #expect(request.path.hasSuffix("/" + IDs.contact))
            #expect(request.query?.contains("fields=name,username") == true || request.query?.contains("fields=name%2Cusername") == true)
            // a user without a name
            server.setProfile(FakeGraphServer.Profile(name: nil, username: "ana.b"), for: IDs.contact)
            #expect(try await Self.profiles(server).profile(account: IDs.account, contact: IDs.contact).name == nil)
        }
    }

    @Test("230 is the contact's missing consent; 190 is the account's refused token; an unknown node fails the call only")
    func refusals() async throws {
        try await withFakeGraph { server, _ in
            let profiles = Self.profiles(server)
            server.setProfile(nil, for: IDs.contact)
            #expect(await Self.error(profiles) == .noConsent)
            if case .failed? = await Self.error(profiles, contact: "1999999999999999") {
            } else {
                Issue.record("an unknown contact should fail the call only")
            }
            server.expire(FakeGraphServer.token, at: .distantPast)
            #expect(await Self.error(profiles) == .tokenRefused)
        }
    }
}
