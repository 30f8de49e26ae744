import Foundation
import LuagramDomain
import LuagramTestSupport
import Testing

@testable import LuagramStore

/// Issue 12, item 5, at the store: an unsent message's content leaves the rows, the inbox
/// bodies and the bytes of both database files, even once it had been checkpointed there.
@Suite("Unsent messages in the files")
struct UnsentMessageTests {
    static let secret = "call me on +351 912 UNSENT-SECRET"
    /// Long enough to spill into overflow pages, which an erasure frees: without
    /// `secure_delete` a freed page keeps its bytes.
    static let longText = String(repeating: "all the details of my order, ", count: 300) + secret

    static func filesHolding(_ text: String, in folder: TemporaryFolder) throws -> [String] {
        let needle = Data(text.utf8)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { name in
            try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + name)).range(of: needle) != nil
        }
    }

    static func outcome(_ event: Event, processedAt: Date) -> EventOutcome {
        EventOutcome(
            key: EventKey(event), contact: ContactState(account: event.account, contact: event.contact),
            inbound: InboundRecord(event), processedAt: processedAt)
    }

    @Test func theUnsentTextIsGoneFromTheDatabaseFilesBytesAfterACheckpoint() async throws {
        let harness = try StoreHarness()
        let store = harness.store
        let message = Sample.message(Self.longText, mid: "mid.secret")
        let body = #"{"object":"instagram","entry":[{"id":"\#(Sample.account)","time":1,"messaging":[{"sender":{"id":"\#(message.contact.id)"},"recipient":{"id":"\#(Sample.account)"},"timestamp":1,"message":{"mid":"mid.secret","text":"\#(Self.longText)"}}]}]}"#
        _ = try await store.appendToInbox(Data(body.utf8), receivedAt: Sample.t0)
        _ = try await store.commit(Self.outcome(message, processedAt: Sample.t0))
        _ = try await store.commit(Self.outcome(Sample.message("something else", mid: "mid.kept", at: 1), processedAt: Sample.at(1)))
        // as SQLite does on its own once the WAL has grown: the text is now in the files
        for file in [SQLiteStore.File.database, .inbox] { _ = try await store.pragma("wal_checkpoint(TRUNCATE)", of: file) }
        #expect(try Self.filesHolding(Self.secret, in: harness.folder) == ["luagram.sqlite", "luagram.sqlite-inbox"])

        var unsend = EventBuilder.event(.deleted, id: "mid.secret", contact: message.contact, fields: ["mid": "mid.secret"])
        unsend.time = Sample.at(60)
        #expect(try await store.eraseUnsentMessage(mid: "mid.secret", at: Sample.at(60)) == 1)
        _ = try await store.commit(Self.outcome(unsend, processedAt: Sample.at(60)))

        #expect(try Self.filesHolding(Self.secret, in: harness.folder) == [])
        let history = try await store.messages(account: Sample.account, contact: message.contact.id, limit: 10)
        #expect(history.map(\.mid) == ["mid.secret", "mid.kept"])
        #expect(history[0].text == nil && history[0].unsentAt == Sample.at(60))
        #expect(history[1].text == "something else" && history[1].unsentAt == nil)
        #expect(try await store.pragma("secure_delete") == "1")
        #expect(try await store.pragma("secure_delete", of: .inbox) == "1")
    }

    @Test(arguments: PortStoreKind.available)
    func erasingTwiceChangesNothingTheSecondTime(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let body = #"{"entry":[{"messaging":[{"message":{"mid":"m\/1","text":"gone"}},{"message":{"mid":"m2","text":"stays"}}]}]}"#
            let id = try await store.appendToInbox(Data(body.utf8), receivedAt: Sample.t0)
            let other = try await store.appendToInbox(Data(#"{"entry":[{"messaging":[{"message":{"mid":"m2","text":"stays"}}]}]}"#.utf8), receivedAt: Sample.t0)
            #expect(try await store.eraseUnsentMessage(mid: "m/1", at: Sample.t0) == 1)
            #expect(try await store.eraseUnsentMessage(mid: "m/1", at: Sample.t0) == 0)
            let erased = String(decoding: try #require(try await store.inboxRow(id)?.body), as: UTF8.self)
            #expect(!erased.contains("gone"))
            #expect(erased.contains("stays"))
            #expect(erased.contains(#""is_deleted":true"#))
            #expect(try await store.inboxRow(other)?.body == Data(#"{"entry":[{"messaging":[{"message":{"mid":"m2","text":"stays"}}]}]}"#.utf8))
        }
    }

    @Test("a body holding an unsent mid that is not JSON is replaced whole, whatever its state", arguments: PortStoreKind.available)
    func aBodyThatIsNotJSONIsReplacedWhole(kind: PortStoreKind) async throws {
        try await PortHarness.withInbox(kind) { harness in
            let store = harness.inbox
            let id = try await store.appendToInbox(Data("not json mid.x secret".utf8), receivedAt: Sample.t0)
            try await store.markInboxRejected(id, error: "not JSON", at: Sample.at(1))
            #expect(try await store.eraseUnsentMessage(mid: "mid.x", at: Sample.at(2)) == 1)
            #expect(try await store.inboxRow(id)?.body == InboxErasure.erasedBody)
            #expect(try await store.inboxRow(id)?.state == .rejected)
            #expect(try await store.eraseUnsentMessage(mid: "", at: Sample.at(2)) == 0)
        }
    }
}

/// The history side of an unsend, on every store (the files' bytes above are SQLite's own).
@Suite("Unsent messages in the history")
struct UnsentHistoryTests {
    @Test("an unsent message loses its text in the history; one unsent before it arrives is never stored", arguments: PortStoreKind.available)
    func unsentLeavesTheHistory(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let message = Sample.message("call me \u{0} at home", mid: "mid.secret")
            #expect(try await store.commit(UnsentMessageTests.outcome(message, processedAt: Sample.t0)) == .committed)
            #expect(try await store.message(mid: "mid.secret")?.text == "call me \u{0} at home")
            var unsend = EventBuilder.event(.deleted, id: "mid.secret", contact: message.contact, fields: ["mid": "mid.secret"])
            unsend.time = Sample.at(60)
            #expect(try await store.commit(UnsentMessageTests.outcome(unsend, processedAt: Sample.at(60))) == .committed)

            // The unsend of a message not seen yet comes first.
            var early = EventBuilder.event(.deleted, id: "mid.early", contact: message.contact, fields: ["mid": "mid.early"])
            early.time = Sample.at(70)
            #expect(try await store.commit(UnsentMessageTests.outcome(early, processedAt: Sample.at(70))) == .committed)
            let late = Sample.message("too late", mid: "mid.early", at: 65)
            #expect(try await store.commit(UnsentMessageTests.outcome(late, processedAt: Sample.at(71))) == .committed)

            let history = try await store.messages(account: Sample.account, contact: message.contact.id, limit: 10)
            #expect(history.map(\.mid) == ["mid.secret", "mid.early"])
            #expect(history.map(\.text) == [nil, nil])
            #expect(history.map(\.unsentAt) == [Sample.at(60), Sample.at(70)])
        }
    }
}
