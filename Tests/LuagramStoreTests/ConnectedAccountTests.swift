import Foundation
import LuagramDomain
import LuagramTestSupport
import Testing

@testable import LuagramStore

@Suite("Connected accounts")
struct ConnectedAccountTests {
    static func account(_ id: String = "17841400000000001", login: ConnectedAccount.Login = .instagram, page: String? = nil)
        -> ConnectedAccount
    {
        ConnectedAccount(
            id: id, login: login, page: page, username: "shop", sealedToken: Data([1, 2, 3]), issuedAt: Sample.t0,
            expiresAt: Sample.t0.addingTimeInterval(60 * 86400), permissions: ["instagram_business_basic"], addedAt: Sample.t0)
    }

    @Test("an account is saved, read back, given a new token, marked and removed", arguments: StoreKind.allCases)
    func lifecycle(kind: StoreKind) async throws {
        let harness = try StoreHarness(kind)
        let store = harness.store
        try await store.saveConnectedAccount(Self.account())
        try await store.saveConnectedAccount(Self.account("17841400000000002", login: .facebook, page: "1000"))
        #expect(try await store.connectedAccounts().map(\.id) == ["17841400000000001", "17841400000000002"])
        #expect(try await store.connectedAccount("17841400000000001") == Self.account())

        let later = Sample.t0.addingTimeInterval(50 * 86400)
        try await store.setState(of: "17841400000000001", to: .needsReauth, reason: "Meta 190/463: expired")
        #expect(try await store.connectedAccount("17841400000000001")?.state == .needsReauth)
        try await store.replaceToken(
            of: "17841400000000001", sealedToken: Data([9]), issuedAt: later, expiresAt: later.addingTimeInterval(86400), refreshedAt: later)
        let renewed = try #require(try await store.connectedAccount("17841400000000001"))
        #expect(renewed.sealedToken == Data([9]) && renewed.issuedAt == later && renewed.refreshedAt == later)
        #expect(renewed.state == .active && renewed.stateReason == nil)

        #expect(try await store.removeConnectedAccount("17841400000000001"))
        #expect(try await !store.removeConnectedAccount("17841400000000001"))
        #expect(try await store.connectedAccounts().map(\.id) == ["17841400000000002"])
    }
}
