import Foundation
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramInstagram
import LuagramRules
import LuagramStore
import LuagramTestSupport
import Testing

/// Issue 12, item 5: when a person unsends, the message's content is deleted from the rows,
/// the inbox's raw bodies and the bytes of the database files, and the history says so.
@Suite("Unsent messages")
struct UnsendTests {
    static let account = Pipeline.account
    static let contact = Pipeline.contact
    static let secret = "my card is 4111 1111 UNSENT-SECRET"

    /// A store in files (so there are bytes to search) and a processor without rules.
    struct FilePipeline {
        let folder: TemporaryFolder
        let path: String
        let store: SQLiteStore
        let processor: InboxProcessor
        let rules: TemporaryFolder

        init() throws {
            folder = try TemporaryFolder()
            path = folder.path + "/luagram.db"
            store = try SQLiteStore(path: path)
            rules = try TemporaryFolder()
            let runtime = try RuleRuntime(folder: rules.path, options: RuleOptions(), now: EventBuilder.time)
            processor = ProcessorFactory.make(store: store, rules: runtime)
        }

        /// Every file of the store, WAL included, as they are on disk now.
        func bytes() throws -> [(String, Data)] {
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            return try names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder.path + "/" + $0))) }
        }

        func filesHolding(_ text: String) throws -> [String] {
            let needle = Data(text.utf8)
            return try bytes().filter { $0.1.range(of: needle) != nil }.map(\.0)
        }
    }

    static func unsend(mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(contact)"},"recipient":{"id":"\#(account)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","is_deleted":true}}]}]}"#
                .utf8)
    }

    @Test func afterTheDeletedEventTheTextIsGoneFromTheFilesBytesAndHistoryMarksItUnsent() async throws {
        let pipeline = try FilePipeline()
        let t0 = EventBuilder.time
        _ = try await pipeline.store.appendToInbox(Pipeline.dm(Self.secret, mid: "m-secret", at: t0), receivedAt: t0)
        _ = try await pipeline.store.appendToInbox(Pipeline.dm("an ordinary message", mid: "m-kept", at: t0), receivedAt: t0)
        try await pipeline.processor.processPending(now: t0)
        // the test sees the text where it is (in the WALs until they are checkpointed; the
        // store's own tests check the database files after a checkpoint)
        #expect(try !pipeline.filesHolding(Self.secret).isEmpty)

        let later = t0.addingTimeInterval(60)
        _ = try await pipeline.store.appendToInbox(Self.unsend(mid: "m-secret", at: later), receivedAt: later)
        try await pipeline.processor.processPending(now: later)

        let sizes = try pipeline.bytes().map { "\($0.0): \($0.1.count) bytes" }
        #expect(try pipeline.filesHolding(Self.secret) == [], "\(sizes)")
        let desk = AgentDesk(events: pipeline.store, conversations: pipeline.store)
        let history = try await desk.history(of: Self.contact, of: Self.account)
        let unsent = try #require(history.first { $0.mid == "m-secret" })
        #expect(unsent.text == nil)
        #expect(unsent.attachments == [])
        #expect(unsent.unsentAt == later)
        let kept = try #require(history.first { $0.mid == "m-kept" })
        #expect(kept.text == "an ordinary message")
        #expect(kept.unsentAt == nil)
        // the raw body of the message now says what the unsend said
        let body = try #require(try await pipeline.store.inboxRow(1)?.body)
        #expect(String(decoding: body, as: UTF8.self).contains(#""is_deleted":true"#))
        try pipeline.store.close()
    }

    @Test func anUnsendSeenBeforeItsMessageKeepsTheMessageFromBeingStored() async throws {
        let pipeline = try Pipeline(rules: [])
        let t0 = pipeline.clock.now
        try await pipeline.receive(Self.unsend(mid: "m-early", at: t0.addingTimeInterval(5)))
        try await pipeline.receive(Pipeline.dm(Self.secret, mid: "m-early", at: t0))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(10))
        let history = try await pipeline.store.messages(account: Self.account, contact: Self.contact, limit: 10)
        #expect(history.count == 1)
        #expect(history.first?.text == nil)
        #expect(history.first?.unsentAt != nil)
    }

    @Test func anEditsTextIsErasedFromTheInboxToo() async throws {
        let pipeline = try Pipeline(rules: [])
        let t0 = pipeline.clock.now
        let ms = Int(t0.timeIntervalSince1970 * 1000)
        let edit = #"{"object":"instagram","entry":[{"id":"\#(Self.account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(Self.contact)"},"recipient":{"id":"\#(Self.account)"},"timestamp":\#(ms),"message_edit":{"mid":"m-e","text":"\#(Self.secret)","num_edit":1}}]}]}"#
        let id = try await pipeline.store.appendToInbox(Data(edit.utf8), receivedAt: t0)
        try await pipeline.receive(Self.unsend(mid: "m-e", at: t0.addingTimeInterval(1)))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(1))
        let body = try #require(try await pipeline.store.inboxRow(id)?.body)
        #expect(!String(decoding: body, as: UTF8.self).contains(Self.secret))
        #expect(String(decoding: body, as: UTF8.self).contains(#""message_edit":{"mid":"m-e"}"#))
    }

    static let reply = ("reply.lua", "on('message', function(ev) ev:reply('You said: ' .. (ev.text or '')) end)")

    @Test func aMessageArrivingAfterItsUnsendIsNotShownToTheRulesAndItsBodyIsErased() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        let t0 = pipeline.clock.now
        try await pipeline.receive(Self.unsend(mid: "m-late", at: t0.addingTimeInterval(5)))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(5))
        let id = try await pipeline.store.appendToInbox(Pipeline.dm(Self.secret, mid: "m-late", at: t0), receivedAt: t0)
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(10))

        #expect(try await pipeline.queuedTexts().isEmpty)
        let body = String(decoding: try #require(try await pipeline.store.inboxRow(id)?.body), as: UTF8.self)
        #expect(!body.contains(Self.secret))
        let history = try await pipeline.store.messages(account: Self.account, contact: Self.contact, limit: 10)
        #expect(history.map(\.text) == [nil])
    }

    @Test(arguments: [true, false])
    func aMessageAndItsUnsendInOneBatchNeverReachTheRules(unsendFirst: Bool) async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        let t0 = pipeline.clock.now
        let bodies = [Pipeline.dm(Self.secret, mid: "m-b", at: t0), Self.unsend(mid: "m-b", at: t0.addingTimeInterval(1))]
        for body in unsendFirst ? bodies.reversed() : bodies { try await pipeline.receive(body) }
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(2))

        #expect(try await pipeline.queuedTexts().isEmpty)
        let history = try await pipeline.store.messages(account: Self.account, contact: Self.contact, limit: 10)
        #expect(history.map(\.text) == [nil])
        #expect(history.first?.unsentAt != nil)
    }
}
