import Foundation
import LuagramDomain
import Testing

@testable import LuagramStore

@Suite("Texts with NUL characters")
struct StoredTextTests {
    @Test("a message in and its reply out keep everything after a NUL", arguments: StoreKind.allCases)
    func nulKept(kind: StoreKind) async throws {
        let store = try StoreHarness(kind).store
        let event = Sample.message("price\u{0} of the blue dress?")
        let state = try await store.contactState(account: Sample.account, contact: event.contact.id)
        let outcome = Sample.outcome(event, state: state, decisions: [Sample.reply("49\u{0} euros", to: event)])
        #expect(try await store.commit(outcome) == .committed)
        let texts = try await store.messages(account: Sample.account, contact: event.contact.id, limit: 10).map(\.text)
        #expect(texts == ["price\u{0} of the blue dress?", "49\u{0} euros"])
        #expect(try await store.message(mid: event.id)?.text == "price\u{0} of the blue dress?")
    }
}
