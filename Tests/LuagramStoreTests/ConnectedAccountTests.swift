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

    @Test("an account is saved, read back, given a new token, marked and removed", arguments: PortStoreKind.available)
    func lifecycle(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
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

    @Test("saving an account again replaces it; one connected through Facebook needs its Page", arguments: PortStoreKind.available)
    func replaceAndRefuse(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            var account = Self.account()
            try await store.saveConnectedAccount(account)
            account.username = "shop.new"
            account.permissions = []
            account.refreshedAt = Sample.at(10)
            account.sealedToken = Data([7, 7])
            try await store.saveConnectedAccount(account)
            #expect(try await store.connectedAccounts() == [account])
            #expect(try await store.connectedAccount("unknown") == nil)
            await #expect(throws: (any Error).self) {
                try await store.saveConnectedAccount(Self.account("17841400000000003", login: .facebook, page: nil))
            }
            await #expect(throws: (any Error).self) {
                var empty = Self.account("17841400000000004")
                empty.sealedToken = Data()
                try await store.saveConnectedAccount(empty)
            }
            #expect(try await store.connectedAccounts() == [account])
        }
    }
}
