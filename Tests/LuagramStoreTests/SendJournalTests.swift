import Foundation
import LuagramDomain
import Testing

@testable import LuagramStore

/// What the sender and the commands read and write around a send beyond claiming it: the
/// journal of sends that may have reached Meta, and the small lookups. On every store.
@Suite("The send journal and lookups")
struct SendJournalTests {
    @Test("a restart marks for checking only the claimed sends that may have reached Meta", arguments: PortStoreKind.available)
    func requeueMarksOnlyPostedSends(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let live = try await OutboxTests.commit(store) { event in (0..<3).map { Sample.reply("m\($0)", to: event, index: $0) } }
            let event = Sample.message(mid: "mid.in.dry", contact: 2, at: 0)
            var dry = Sample.outcome(
                event, state: try await store.contactState(account: Sample.account, contact: event.contact.id),
                decisions: [Sample.reply("dry", to: event)])
            dry.dryRun = true
            #expect(try await store.commit(dry) == .committed)
            #expect(try await store.claimDueOutbox(limit: 10, now: Sample.at(5)).count == 4)
            #expect(try await store.unconfirmedOutgoing(account: Sample.account, contact: live[0].recipient).count == 3)

            // The journal says only the first was posted.
            #expect(try await store.requeueInterrupted(at: Sample.at(100), posted: [live[0].id]) == 4)
            let rows = try await [live[0].id, live[1].id, live[2].id, dry.outbox[0].id].asyncMap { try #require(try await store.outboxRow($0)) }
            #expect(rows.map(\.state) == [.pending, .pending, .pending, .pending])
            #expect(rows.map(\.unconfirmedSince) == [Sample.at(5), nil, nil, nil])
            #expect(rows.allSatisfy { $0.nextAttemptAt == Sample.at(100) })
            let unconfirmed = try await store.unconfirmedOutgoing(account: Sample.account, contact: live[0].recipient)
            #expect(unconfirmed.map(\.outboxID) == [live[0].id])

            // No journal: every claimed row but a dry run may have gone; an earlier mark is kept.
            _ = try await store.claimDueOutbox(limit: 10, now: Sample.at(200))
            #expect(try await store.requeueInterrupted(at: Sample.at(300), posted: nil) == 4)
            let again = try await [live[0].id, live[1].id, live[2].id, dry.outbox[0].id].asyncMap { try #require(try await store.outboxRow($0)) }
            #expect(again.map(\.unconfirmedSince) == [Sample.at(5), Sample.at(200), Sample.at(200), nil])
            #expect(try await store.requeueInterrupted(at: Sample.at(300), posted: nil) == 0)
        }
    }

    @Test("an unconfirmed part goes back to pending, and once Meta is found not to have it, is a plain send", arguments: PortStoreKind.available)
    func unconfirmedThenNotDelivered(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let id = try await OutboxTests.commit(store) { [Sample.reply("hello", to: $0)] }[0].id
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))
            let timeout = SendFailure(code: nil, message: "timed out")
            try await store.apply([.unconfirmed(id, timeout, since: Sample.at(1), nextAttemptAt: Sample.at(30))], at: Sample.at(2))
            var row = try #require(try await store.outboxRow(id))
            #expect(row.state == .pending && row.unconfirmedSince == Sample.at(1) && row.lastFailure == timeout)
            #expect(try await store.nextOutboxAttempt() == Sample.at(30))
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(30))
            try await store.apply([.notDelivered(id)], at: Sample.at(31))
            row = try #require(try await store.outboxRow(id))
            #expect(row.unconfirmedSince == nil && row.state == .sending && row.attempts == 2)
            try await store.markSent(id, part: 0, messageID: "mid.out.1", at: Sample.at(32))
            #expect(try await store.nextOutboxAttempt() == nil)
        }
    }

    @Test("the lookups: a contact's accounts, a comment's media, the next attempt, a thread in standby", arguments: PortStoreKind.available)
    func lookups(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            #expect(try await store.nextOutboxAttempt() == nil)
            let entries = try await OutboxTests.commit(store) { event in
                [Sample.reply("later", to: event, index: 0, decision: .defer(until: Sample.at(600), reason: .followUpScheduled))]
            }
            #expect(try await store.nextOutboxAttempt() == Sample.at(600))
            #expect(try await store.accounts(ofContact: entries[0].recipient) == [Sample.account])
            #expect(try await store.accounts(ofContact: "nobody").isEmpty)

            let comment = Sample.comment(id: "c.9", contact: 1, at: 5)
            let state = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            #expect(try await store.commit(Sample.outcome(comment, state: state, at: 6)) == .committed)
            #expect(try await store.mediaOfComment("c.9", account: Sample.account) == "17895695668004550")
            #expect(try await store.mediaOfComment("c.9", account: "other") == nil)

            let before = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            try await store.noteThreadInStandby(account: Sample.account, contact: comment.contact.id, at: Sample.at(7))
            let after = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            #expect(after.version == before.version + 1)
            #expect(after.conversation.threadControl == ThreadControl(inStandby: true, since: Sample.at(7)))
            // An older report does not overturn it.
            try await store.noteThreadInStandby(account: Sample.account, contact: comment.contact.id, at: Sample.at(3))
            #expect(try await store.contactState(account: Sample.account, contact: comment.contact.id).version == after.version)
        }
    }
}

extension Array {
    /// `map` with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
