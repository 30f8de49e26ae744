import Foundation
import LuagramDomain
import LuagramTestSupport
import Testing

@testable import LuagramStore

/// Where a test's database lives. Most tests run on both: the file is what production
/// uses (a pool in WAL mode), memory is what `simulate` and quick tests use.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case file
    case memory

    var testDescription: String { rawValue }
}

/// A fresh database for one test, in its own temporary folder that goes away with it.
final class StoreHarness: @unchecked Sendable {
    let folder: TemporaryFolder
    let path: String
    private(set) var store: SQLiteStore

    init(_ kind: StoreKind = .file) throws {
        folder = try TemporaryFolder()
        path = folder.path + "/luagram.sqlite"
        store = try kind == .file ? SQLiteStore(path: path) : SQLiteStore.inMemory()
    }

    /// Closes the file and opens it again, as a restart would.
    func reopen() throws -> SQLiteStore {
        try store.close()
        store = try SQLiteStore(path: path)
        return store
    }
}

/// Events, contacts and outcomes the way the engine will build them.
enum Sample {
    static let account = EventBuilder.account
    static let t0 = EventBuilder.time

    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }

    static func contactID(_ n: Int = 1) -> String { "12845678901234\(50 + n)" }

    static func message(_ text: String = "Hi! Price of the blue dress?", mid: String = "mid.1", contact: Int = 1, at seconds: TimeInterval = 0)
        -> Event
    {
        EventBuilder.message(text, id: mid, contact: EventBuilder.contact(id: contactID(contact)), time: at(seconds))
    }

    static func comment(id: String = "17858893269000001", contact: Int = 1, at seconds: TimeInterval = 0) -> Event {
        EventBuilder.comment(id: id, contact: EventBuilder.contact(id: contactID(contact)), time: at(seconds))
    }

    static let rule = Origin.rule(file: "rules/shop.lua", line: 12, handler: "rules/shop.lua:10")

    /// A reply intent decided as `decision`, with its outbox entry if it sends.
    static func reply(
        _ text: String, to event: Event, index: Int = 0, decision: Decision? = nil, at seconds: TimeInterval = 1
    ) -> (DecisionRecord, OutboxEntry?) {
        let message = OutgoingMessage(text: text)
        let intent = Intent.reply(message)
        let decision = decision ?? .send(SendPlan(messagingType: .response, messages: [message]))
        let id = OutboxID(event: EventKey(event), handler: "rules/shop.lua:10", index: index)
        let decidedAt = at(seconds)
        var entry: OutboxEntry?
        switch decision {
        case .send(let plan):
            entry = OutboxEntry(
                id: id, account: event.account, recipient: event.contact.id, intent: intent, origin: rule, plan: plan,
                event: EventReference(event), decidedAt: decidedAt, dueAt: decidedAt)
        case .defer(let until, _):
            entry = OutboxEntry(
                id: id, account: event.account, recipient: event.contact.id, intent: intent, origin: rule, plan: nil,
                event: EventReference(event), decidedAt: decidedAt, dueAt: until)
        case .accept, .refuse:
            entry = nil
        }
        return (DecisionRecord(intent: intent, origin: rule, decision: decision, outboxID: entry?.id), entry)
    }

    /// The outcome of handling `event` with the given decisions, on top of the stored
    /// contact: the window moves, the message is kept, the sends are queued.
    static func outcome(
        _ event: Event, state: ContactState, decisions: [(DecisionRecord, OutboxEntry?)] = [], at seconds: TimeInterval = 1
    ) -> EventOutcome {
        var state = state
        state.contact.username = event.contact.username ?? state.contact.username
        state.contact.name = event.contact.name ?? state.contact.name
        state.conversation.noteInbound(event)
        return EventOutcome(
            key: EventKey(event), contact: state, basedOn: state.version, inbound: InboundRecord(event),
            outbox: decisions.compactMap(\.1), decisions: decisions.map(\.0), processedAt: at(seconds))
    }
}
