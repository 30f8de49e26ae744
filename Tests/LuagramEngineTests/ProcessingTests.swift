import Foundation
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramInstagram
import LuagramLua
import LuagramPolicy
import LuagramRules
import LuagramStore
import LuagramTestSupport
import Testing

/// A store, rules from source, and a processor over them, at a hand-moved clock.
struct Pipeline {
    let store: SQLiteStore
    let folder: TemporaryFolder
    let processor: InboxProcessor
    let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))

    static let account = "17841400000000001"
    static let contact = "1284567890123456"

    init(rules: [(String, String)], budgets: LuaBudgets = LuaBudgets(), options: InboxProcessor.Options = .init()) throws {
        store = try SQLiteStore.inMemory()
        folder = try TemporaryFolder()
        for (name, source) in rules { try folder.write(name, source) }
        let runtime = try RuleRuntime(folder: folder.path, options: RuleOptions(budgets: budgets), now: clock.now)
        #expect(runtime.current.errors.isEmpty, "\(runtime.current.errors)")
        processor = ProcessorFactory.make(store: store, rules: runtime, options: options)
    }

    /// A DM webhook body as Meta sends it.
    static func dm(_ text: String, mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(contact)"},"recipient":{"id":"\#(account)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#
                .utf8)
    }

    /// An echo of a message the account sent from the Instagram app.
    static func echo(mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(account)"},"recipient":{"id":"\#(contact)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"hello from the app","is_echo":true}}]}]}"#
                .utf8)
    }

    func receive(_ body: Data) async throws {
        _ = try await store.appendToInbox(body, receivedAt: clock.now)
    }

    /// The messages waiting in the outbox, as texts.
    func queuedTexts() async throws -> [String] {
        try await store.claimDueOutbox(limit: 100, now: clock.now.addingTimeInterval(30 * 86_400))
            .flatMap { $0.entry.plan?.messages.compactMap(\.text) ?? ["(deferred) \($0.entry.intent.name)"] }
    }
}

@Suite("Processing the inbox")
struct ProcessingTests {
    static let reply = ("reply.lua", "on('message', function(ev) ev:reply('Thanks, ' .. ev.contact.id) end)")

    @Test("a DM in the inbox becomes one queued RESPONSE reply, and the body is done")
    func dmToReply() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        try await pipeline.receive(Pipeline.dm("price?", mid: "m1", at: pipeline.clock.now))
        let report = try await pipeline.processor.processPending(now: pipeline.clock.now)
        #expect(report.bodies == 1 && report.events == 1 && report.duplicates == 0)
        let rows = try await pipeline.store.claimDueOutbox(limit: 10, now: pipeline.clock.now)
        #expect(rows.count == 1)
        #expect(rows.first?.entry.plan?.messagingType == .response)
        #expect(rows.first?.entry.plan?.messages.first?.text == "Thanks, \(Pipeline.contact)")
        #expect(try await pipeline.store.inboxCounts()[.done] == 1)
    }

    @Test("the same webhook delivered three times queues one reply")
    func redelivery() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        for _ in 0..<3 { try await pipeline.receive(Pipeline.dm("price?", mid: "m1", at: pipeline.clock.now)) }
        let report = try await pipeline.processor.processPending(now: pipeline.clock.now)
        #expect(report.events == 1 && report.duplicates == 2)
        #expect(try await pipeline.queuedTexts().count == 1)
    }

    @Test("a body that is not a webhook is rejected, and the good bodies beside it are processed")
    func rejectedBody() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        try await pipeline.receive(Data("not json".utf8))
        try await pipeline.receive(Pipeline.dm("hi", mid: "m2", at: pipeline.clock.now))
        let report = try await pipeline.processor.processPending(now: pipeline.clock.now)
        #expect(report.rejectedBodies == 1 && report.events == 1)
        #expect(try await pipeline.store.inboxCounts()[.rejected] == 1)
        #expect(try await pipeline.queuedTexts().count == 1)
    }

    @Test("a rule that loops forever is reported, and the other rules' replies are still queued")
    func endlessRule() async throws {
        let pipeline = try Pipeline(
            rules: [("loop.lua", "on('message', function() while true do end end)"), Self.reply],
            budgets: LuaBudgets(handlerTime: .milliseconds(20)))
        try await pipeline.receive(Pipeline.dm("hi", mid: "m3", at: pipeline.clock.now))
        let report = try await pipeline.processor.processPending(now: pipeline.clock.now)
        #expect(report.ruleFailures == 1)
        #expect(try await pipeline.queuedTexts() == ["Thanks, \(Pipeline.contact)"])
    }

    @Test("tags a rule sets are there for the contact's next event")
    func stateCarriesOver() async throws {
        let pipeline = try Pipeline(rules: [
            ("greet.lua", """
            on('message', function(ev)
              if ev.contact:has_tag('greeted') then ev:reply('welcome back') else ev:reply('hello') ev.contact:tag('greeted') end
            end)
            """)
        ])
        try await pipeline.receive(Pipeline.dm("hi", mid: "a", at: pipeline.clock.now))
        try await pipeline.receive(Pipeline.dm("hi again", mid: "b", at: pipeline.clock.now.addingTimeInterval(60)))
        try await pipeline.processor.processPending(now: pipeline.clock.now.addingTimeInterval(61))
        #expect(try await pipeline.queuedTexts() == ["hello", "welcome back"])
    }

    @Test("after a person answers from the Instagram app, rules stand back for 30 minutes")
    func humanReplyPausesRules() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        let t0 = pipeline.clock.now
        try await pipeline.receive(Pipeline.dm("hi", mid: "h1", at: t0))
        try await pipeline.receive(Pipeline.echo(mid: "human-1", at: t0.addingTimeInterval(10)))
        try await pipeline.receive(Pipeline.dm("are you there?", mid: "h2", at: t0.addingTimeInterval(20)))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(21))
        let decisions = try await pipeline.store.decisions(
            for: EventKey(account: Pipeline.account, kind: "message", id: "h2"))
        #expect(decisions.map(\.record.decision) == [.refuse(.humanHandoff)])
        try await pipeline.receive(Pipeline.dm("hello?", mid: "h3", at: t0.addingTimeInterval(31 * 60)))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(31 * 60))
        #expect(try await pipeline.queuedTexts().count == 2)
    }
}

@Suite("Processing and sending together")
struct PipelineSendingTests {
    @Test("a reply queued for a DM still goes after a later comment from the same contact got its private reply")
    func replyThenPrivateReply() async throws {
        let pipeline = try Pipeline(rules: [
            ("r.lua", "on('message', function(ev) ev:reply('about the dress') end)\non('comment', function(ev) ev:private_reply('the link') end)")
        ])
        let t0 = pipeline.clock.now
        try await pipeline.receive(Pipeline.dm("price?", mid: "d1", at: t0))
        let ms = Int(t0.addingTimeInterval(60).timeIntervalSince1970 * 1000)
        try await pipeline.receive(
            Data(
                #"{"object":"instagram","entry":[{"id":"\#(Pipeline.account)","time":\#(ms),"changes":[{"field":"comments","value":{"id":"c1","text":"LINK","from":{"id":"\#(Pipeline.contact)","username":"ana"},"media":{"id":"m1","media_product_type":"FEED"}}}]}]}"#
                    .utf8))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(61))
        let sender = OutboxSender(outbox: pipeline.store, conversations: pipeline.store, sender: nil)
        let report = await sender.sendDue(now: t0.addingTimeInterval(62))
        #expect(report.outcomes.count == 2)
        #expect(report.outcomes.allSatisfy { if case .dryRun = $0.outcome { true } else { false } }, "\(report.outcomes)")
    }
}
