import CoreMetrics
import Foundation
import Logging
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramPolicy
import LuagramStore
import LuagramTestSupport
import Synchronization

/// A real SQLite store, a real fake Graph server over HTTP, and an `OutboxSender` between
/// them; rows enter the outbox the way the processor puts them there, through `commit`.
struct SenderHarness {
    static let account = FakeGraphServer.account
    static let contact = "1284567890123456"
    static let t0 = EventBuilder.time
    static let quiet = Logger(label: "test.sender", factory: { _ in SwiftLogNoOpLogHandler() })

    let store: SQLiteStore
    let server: FakeGraphServer
    let sender: OutboxSender

    /// Runs `body` and always stops the server, so a failing test leaves no listener behind.
    static func run(
        dryRun: Bool = false, configuration: SenderConfiguration = SenderConfiguration(), logger: Logger = quiet,
        graphTimeout: Duration = .seconds(15), journal: SendJournal? = nil, probesImages: Bool = false, asksLives: Bool = false,
        metricsFactory: any MetricsFactory = MetricsSystem.factory, _ body: (SenderHarness) async throws -> Void
    ) async throws {
        let server = try await FakeGraphServer.start()
        // the twin serves the images, on 127.0.0.1
        let media = probesImages ? MediaProbe(configuration: MediaProbe.Configuration(allowPrivateAddresses: true)) : nil
        defer { if let media { Task { await media.shutdown() } } }
        do {
            let store = try SQLiteStore.inMemory()
            let client = GraphClient(
                configuration: GraphConfiguration(baseURL: server.baseURL, timeout: graphTimeout),
                tokens: StaticGraphTokens([account: GraphAccessToken(FakeGraphServer.token)]), logger: quiet)
            let sender = OutboxSender(
                outbox: store, conversations: store, sender: dryRun ? nil : GraphMessageSender(client: client),
                configuration: configuration, random: { 0.5 }, journal: journal, media: media,
                lives: asksLives ? GraphLiveStatus(client: client) : nil, metricsFactory: metricsFactory, logger: logger)
            try await body(SenderHarness(store: store, server: server, sender: sender))
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Commits an event from the contact at `eventTime` with one outbox entry, as the
    /// processor would after deciding `intent`. Returns the entry's id.
    @discardableResult
    func commit(
        _ intent: Intent, plan: SendPlan?, eventKind: EventKind = .message, eventID: String = "mid-in-1",
        contact: String = SenderHarness.contact, eventTime: Date = SenderHarness.t0, decidedAt: Date? = nil,
        dueAt: Date? = nil, origin: Origin = .rule(file: "rules/main.lua", line: 3, handler: "rules/main.lua:3"),
        dryRun: Bool = false, inbound: InboundRecord? = nil
    ) async throws -> OutboxID {
        let event = Event(
            kind: eventKind, id: eventID, time: eventTime, account: Self.account, contact: Contact(id: contact))
        var conversation = ConversationState()
        conversation.noteInbound(event)
        if case .privateReply = intent {
            conversation.notePrivateReply(toComment: eventID, at: decidedAt ?? eventTime)
        }
        let id = OutboxID(event: EventKey(event), handler: "rules/main.lua:3", index: 0)
        let decided = decidedAt ?? eventTime
        let entry = OutboxEntry(
            id: id, account: Self.account, recipient: contact, intent: intent, origin: origin, plan: plan,
            event: EventReference(event), decidedAt: decided, dueAt: dueAt ?? decided)
        let outcome = EventOutcome(
            key: EventKey(event),
            contact: ContactState(account: Self.account, contact: Contact(id: contact), conversation: conversation),
            inbound: inbound, outbox: [entry], dryRun: dryRun, processedAt: decided)
        _ = try await store.commit(outcome)
        return id
    }

    /// A reply planned as one RESPONSE text, committed for a fresh event.
    @discardableResult
    func commitReply(_ text: String, eventID: String = "mid-in-1", contact: String = SenderHarness.contact) async throws
        -> OutboxID
    {
        let message = OutgoingMessage(text: text)
        return try await commit(
            .reply(message), plan: SendPlan(messagingType: .response, messages: [message]), eventID: eventID,
            contact: contact)
    }

    func row(_ id: OutboxID) async throws -> OutboxRow? {
        try await store.outboxRow(id)
    }

    /// The Send API calls the fake received (the Conversations API's reads left out).
    var posts: [FakeGraphServer.RecordedRequest] {
        server.requests.filter { $0.method == "POST" }
    }
}
