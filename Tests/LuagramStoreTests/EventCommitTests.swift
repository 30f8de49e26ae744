import Foundation
import LuagramDomain
import Testing

@testable import LuagramStore

@Suite("Committing an event's outcome")
struct EventCommitTests {
    @Test("an outcome stores the key, contact, message, outbox row and decisions together", arguments: PortStoreKind.available)
    func outcomeIsStored(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let event = Sample.message("Price?", mid: "mid.in.1", at: 0)
            let state = try await store.contactState(account: Sample.account, contact: event.contact.id)
            #expect(state.isNew)
            var outcome = Sample.outcome(
                event, state: state,
                decisions: [
                    Sample.reply("It's 39 €", to: event, index: 0),
                    Sample.reply("Buy now!!!", to: event, index: 1, decision: .refuse(.humanHandoff)),
                ])
            outcome.contact.contact.tags = ["asked-price"]
            outcome.decisions.append(DecisionRecord(intent: .tag("asked-price"), origin: Sample.rule, decision: .accept))

            #expect(try await store.commit(outcome) == .committed)
            #expect(try await store.hasProcessed(EventKey(event)))

            let stored = try await store.contactState(account: Sample.account, contact: event.contact.id)
            #expect(stored.version == 1)
            #expect(stored.contact.tags == ["asked-price"])
            #expect(stored.conversation.lastUserMessageAt == Sample.at(0))

            let messages = try await store.messages(account: Sample.account, contact: event.contact.id, limit: 10)
            #expect(messages.map(\.direction) == [.inbound, .outbound, .outbound])
            #expect(messages.map(\.status) == [.received, .queued, .refused])
            #expect(messages[0].mid == "mid.in.1")
            #expect(messages[0].text == "Price?")
            #expect(messages[1].text == "It's 39 €")
            #expect(messages[1].origin == "rules/shop.lua:12")
            #expect(messages[1].outboxID == outcome.outbox[0].id)
            #expect(messages[2].refusal == .humanHandoff)

            let row = try #require(try await store.outboxRow(outcome.outbox[0].id))
            #expect(row.entry == outcome.outbox[0])
            #expect(row.state == .pending)

            let logged = try await store.decisions(for: EventKey(event))
            #expect(logged.map(\.record) == outcome.decisions)
            #expect(logged.allSatisfy { $0.contact == event.contact.id && $0.decidedAt == Sample.at(1) })
        }
    }

    @Test("a replayed event is a duplicate and sends nothing more", arguments: PortStoreKind.available)
    func replayIsADuplicate(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let event = Sample.message(mid: "mid.in.1")
            let state = try await store.contactState(account: Sample.account, contact: event.contact.id)
            let outcome = Sample.outcome(event, state: state, decisions: [Sample.reply("Hello!", to: event)])
            #expect(try await store.commit(outcome) == .committed)

            // A redelivery runs the rules again on the state as it is now.
            let again = try await store.contactState(account: Sample.account, contact: event.contact.id)
            let replay = Sample.outcome(event, state: again, decisions: [Sample.reply("Hello!", to: event)], at: 5)
            #expect(try await store.commit(replay) == .duplicate)
            #expect(try await store.count("outbox") == 1)
            #expect(try await store.count("messages") == 2)
            #expect(try await store.count("decisions") == 1)
            #expect(try await store.contactState(account: Sample.account, contact: event.contact.id).version == 1)
        }
    }

    @Test("the same intent under another key still inserts one outbox row", arguments: PortStoreKind.available)
    func outboxIDIgnoresASecondInsert(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let event = Sample.message(mid: "mid.in.1")
            let state = try await store.contactState(account: Sample.account, contact: event.contact.id)
            let first = Sample.outcome(event, state: state, decisions: [Sample.reply("Hello!", to: event)])
            #expect(try await store.commit(first) == .committed)

            // The de-duplication key was pruned, or the event came back under another kind:
            // the outbox id, derived from the same cause, still refuses a second send.
            var second = Sample.outcome(
                event, state: try await store.contactState(account: Sample.account, contact: event.contact.id),
                decisions: [Sample.reply("Hello again!", to: event)], at: 9)
            second.key = EventKey(account: Sample.account, kind: "message-replay", id: event.id)
            second.inbound = nil
            #expect(try await store.commit(second) == .committed)
            #expect(try await store.count("outbox") == 1)
            let row = try #require(try await store.outboxRow(first.outbox[0].id))
            #expect(row.entry.plan?.messages.first?.text == "Hello!")
            let queued = try await store.messages(account: Sample.account, contact: event.contact.id, limit: 10)
                .filter { $0.status == .queued }
            #expect(queued.map(\.text) == ["Hello!"])
        }
    }

    @Test("a failing part rolls the whole outcome back, the key included", arguments: PortStoreKind.available)
    func outcomeIsAtomic(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let event = Sample.message(mid: "mid.in.1")
            let state = try await store.contactState(account: Sample.account, contact: event.contact.id)
            var outcome = Sample.outcome(event, state: state, decisions: [Sample.reply("Hello!", to: event)])
            outcome.contact.contact.tags = ["vip"]
            // The last write fails on a foreign key: the recipient is not a stored contact.
            var (record, entry) = Sample.reply("Psst", to: event, index: 1)
            entry!.recipient = "999"
            record.outboxID = entry!.id
            outcome.decisions.append(record)
            outcome.outbox.append(entry!)

            await #expect(throws: (any Error).self) { try await store.commit(outcome) }
            #expect(try await !store.hasProcessed(EventKey(event)))
            for table in ["accounts", "contacts", "messages", "outbox", "decisions", "processed_events"] {
                #expect(try await store.count(table) == 0, "\(table) kept a row")
            }

            // Nothing half-done blocks the retry.
            outcome.outbox.removeLast()
            outcome.decisions.removeLast()
            #expect(try await store.commit(outcome) == .committed)
            #expect(try await store.contactState(account: Sample.account, contact: event.contact.id).contact.tags == ["vip"])
        }
    }

    @Test("an outcome based on an old version of the contact is a conflict and stores nothing", arguments: PortStoreKind.available)
    func staleContactIsAConflict(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let first = Sample.message(mid: "mid.1", at: 0)
            let fresh = try await store.contactState(account: Sample.account, contact: first.contact.id)
            #expect(try await store.commit(Sample.outcome(first, state: fresh)) == .committed)

            // Two writers both based on version 1: the second loses, and learns it.
            let loaded = try await store.contactState(account: Sample.account, contact: first.contact.id)
            var agent = Sample.outcome(Sample.message(mid: "mid.2", at: 5), state: loaded, at: 6)
            agent.contact.conversation.handoff = HandoffState(startedAt: Sample.at(6), reason: "asked for a human")
            #expect(try await store.commit(agent) == .committed)
            let stale = Sample.outcome(Sample.message(mid: "mid.3", at: 7), state: loaded, at: 8)
            #expect(try await store.commit(stale) == .conflict)
            #expect(try await !store.hasProcessed(EventKey(Sample.message(mid: "mid.3"))))

            // A second "new contact" is a conflict too.
            #expect(try await store.commit(Sample.outcome(Sample.message(mid: "mid.4"), state: fresh)) == .conflict)
            let now = try await store.contactState(account: Sample.account, contact: first.contact.id)
            #expect(now.version == 2)
            #expect(now.conversation.handoff?.reason == "asked for a human")
        }
    }

    @Test("an outcome whose parts name another account is refused before writing", arguments: PortStoreKind.available)
    func mismatchedAccountIsRefused(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let event = Sample.message()
            var outcome = Sample.outcome(event, state: ContactState(account: Sample.account, contact: event.contact))
            outcome.key.account = "another"
            await #expect(throws: StoreError.self) { try await store.commit(outcome) }
        }
    }

    @Test("every kind of intent and decision reads back from the log as it was written", arguments: PortStoreKind.available)
    func decisionLogRoundTrips(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let event = Sample.comment()
            let message = OutgoingMessage(
                text: "Sent you the price 📩", image: "https://cdn.example/dress.jpg", file: "https://cdn.example/size.pdf",
                quickReplies: [QuickReply(title: "Yes", payload: "YES"), QuickReply(title: "No", payload: "NO")])
            let plan = SendPlan(
                messagingType: .humanAgent, messages: [message, OutgoingMessage(text: "part 2")],
                conversions: [.attachmentAsLink(url: "https://cdn.example/size.pdf", why: "files cannot be attached"), .textSplit(parts: 2)])
            let agent = Origin.agent("maria")
            let records = [
                DecisionRecord(intent: .privateReply(message), origin: Sample.rule, decision: .send(plan)),
                DecisionRecord(intent: .followUp(seconds: 3600.5, message), origin: Sample.rule,
                    decision: .defer(until: Sample.at(3600.5), reason: .followUpScheduled)),
                DecisionRecord(intent: .broadcast(message), origin: Sample.rule, decision: .refuse(.broadcastUnsupported)),
                DecisionRecord(intent: .handoff(reason: "wants a human"), origin: agent, decision: .accept),
                DecisionRecord(intent: .untag("lead"), origin: Sample.rule, decision: .accept),
                DecisionRecord(intent: .setValue(key: "size", "M"), origin: Sample.rule, decision: .accept),
                DecisionRecord(intent: .setValue(key: "size", nil), origin: Sample.rule, decision: .accept),
                DecisionRecord(intent: .setValue(key: "note", .null), origin: Sample.rule, decision: .accept),
                DecisionRecord(intent: .reply(OutgoingMessage()), origin: Sample.rule, decision: .refuse(.emptyMessage)),
            ]
            let state = try await store.contactState(account: Sample.account, contact: event.contact.id)
            var outcome = Sample.outcome(event, state: state)
            outcome.decisions = records
            #expect(try await store.commit(outcome) == .committed)
            let logged = try await store.decisions(for: EventKey(event)).map(\.record)
            #expect(logged.count == records.count)
            for (read, written) in zip(logged, records) { #expect(read == written) }
            // The refused broadcast stays in the log only; the empty reply is in the history.
            let refused = try await store.messages(account: Sample.account, contact: event.contact.id, limit: 10)
            #expect(refused.map(\.refusal) == [.emptyMessage])
        }
    }
}
