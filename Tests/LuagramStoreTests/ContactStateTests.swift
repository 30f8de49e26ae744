import Foundation
import LuagramDomain
import Testing

@testable import LuagramStore

@Suite("Contact state")
struct ContactStateTests {
    @Test("tags in order, values, handoff and the last inbound time round-trip", arguments: PortStoreKind.available)
    func contactStateRoundTrips(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let event = Sample.message(at: 0)
            var state = try await store.contactState(account: Sample.account, contact: event.contact.id)
            state.contact.tags = ["zebra", "lead", "asked-price"]
            state.contact.values = [
                "size": "M", "visits": 3, "budget": 49.0, "vip": true, "nothing": nil,
                "cart": ["items": ["dress-blue", "belt"], "total": 59.5],
            ]
            state.conversation.handoff = HandoffState(
                startedAt: Sample.at(10), reason: "wants a human", lastAgentMessageAt: Sample.at(20.125), releasedAt: nil)
            #expect(try await store.commit(Sample.outcome(event, state: state)) == .committed)

            let stored = try await store.contactState(account: Sample.account, contact: event.contact.id)
            #expect(stored.contact.tags == ["zebra", "lead", "asked-price"])
            #expect(stored.contact.values == state.contact.values)
            #expect(stored.contact.values["budget"] == .double(49.0))
            #expect(stored.conversation.handoff == state.conversation.handoff)
            #expect(stored.conversation.lastUserMessageAt == Sample.at(0))
            #expect(stored.contact.username == "ana.sousa")
            #expect(stored.contact.name == "Ana Sousa")
            #expect(stored.version == 1)

            // Released, and a later message without a profile keeps the name we had.
            var next = stored
            next.conversation.handoff?.releasedAt = Sample.at(30)
            var anonymous = Sample.message(mid: "mid.2", at: 40)
            anonymous.contact = Contact(id: event.contact.id)
            #expect(try await store.commit(Sample.outcome(anonymous, state: next, at: 41)) == .committed)
            let after = try await store.contactState(account: Sample.account, contact: event.contact.id)
            #expect(after.conversation.handoff?.releasedAt == Sample.at(30))
            #expect(after.conversation.lastUserMessageAt == Sample.at(40))
            #expect(after.contact.username == "ana.sousa")
        }
    }

    @Test("the last inbound time never moves backwards", arguments: PortStoreKind.available)
    func lastInboundNeverMovesBack(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let late = Sample.message(mid: "mid.late", at: 100)
            let fresh = try await store.contactState(account: Sample.account, contact: late.contact.id)
            #expect(try await store.commit(Sample.outcome(late, state: fresh)) == .committed)
            // A writer that skips the version check and carries an older time.
            var old = Sample.outcome(Sample.message(mid: "mid.early", at: 50), state: fresh)
            old.contact.conversation.lastUserMessageAt = Sample.at(50)
            old.basedOn = nil
            #expect(try await store.commit(old) == .committed)
            #expect(try await store.contactState(account: Sample.account, contact: late.contact.id).conversation.lastUserMessageAt == Sample.at(100))
        }
    }

    @Test("a comment and its private reply come back in the conversation state", arguments: PortStoreKind.available)
    func privateRepliesRoundTrip(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let comment = Sample.comment(id: "c.1", at: 0)
            var state = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            state.conversation.notePrivateReply(toComment: "c.1", at: Sample.at(1))
            #expect(try await store.commit(Sample.outcome(comment, state: state)) == .committed)

            let stored = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            #expect(stored.conversation.privateReplies == ["c.1": Sample.at(1)])
            // decided only: Meta has not accepted it
            #expect(!stored.conversation.awaitingUserReply)
            // A comment is not a window opener.
            #expect(stored.conversation.lastUserMessageAt == nil)

            // A second comment; the first reply's time is never overwritten.
            var next = stored
            next.conversation.privateReplies["c.1"] = Sample.at(99)
            next.conversation.notePrivateReply(toComment: "c.2", at: Sample.at(6))
            #expect(try await store.commit(Sample.outcome(Sample.comment(id: "c.2", at: 5), state: next, at: 6)) == .committed)
            let after = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            #expect(after.conversation.privateReplies == ["c.1": Sample.at(1), "c.2": Sample.at(6)])
            #expect(try await store.count("comments") == 2)
        }
    }

    @Test("a private reply the sender gave up is not written back by an event that read the contact before", arguments: PortStoreKind.available)
    func givenUpReplyStaysGivenUp(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let comment = Sample.comment(id: "c.1", at: 0)
            var state = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            state.conversation.notePrivateReply(toComment: "c.1", at: Sample.at(1))
            #expect(try await store.commit(Sample.outcome(comment, state: state)) == .committed)
            let stale = try await store.contactState(account: Sample.account, contact: comment.contact.id)

            // the reply failed at Meta: the comment is free again
            try await store.apply([.privateReplySettled(OutboxID(rawValue: "row"), comment: "c.1", accepted: false)], at: Sample.at(2))
            #expect(try await store.contactState(account: Sample.account, contact: comment.contact.id).conversation.privateReplies.isEmpty)

            // another event of the contact, processed on the state read before
            #expect(try await store.commit(Sample.outcome(Sample.comment(id: "c.2", at: 3), state: stale, at: 3)) == .committed)
            let after = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            #expect(after.conversation.privateReplies.isEmpty)
        }
    }

    @Test("a private reply Meta accepted comes back with the comment's time", arguments: PortStoreKind.available)
    func acceptedReplyKeepsCommentTime(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let comment = Sample.comment(id: "c.1", at: 0)
            var state = try await store.contactState(account: Sample.account, contact: comment.contact.id)
            state.conversation.notePrivateReply(toComment: "c.1", at: Sample.at(60))
            #expect(try await store.commit(Sample.outcome(comment, state: state, at: 60)) == .committed)
            try await store.apply([.privateReplySettled(OutboxID(rawValue: "row"), comment: "c.1", accepted: true)], at: Sample.at(3600))
            let stored = try await store.contactState(account: Sample.account, contact: comment.contact.id).conversation
            #expect(stored.privateRepliesSent == ["c.1": Sample.at(0)])
            #expect(stored.awaitingUserReply)
        }
    }

    @Test("an unknown contact comes back fresh, as version 0", arguments: PortStoreKind.available)
    func unknownContactIsFresh(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let state = try await store.contactState(account: Sample.account, contact: "42")
            #expect(state == ContactState(account: Sample.account, contact: Contact(id: "42")))
            #expect(state.isNew)
        }
    }

    @Test("everything survives closing and reopening the file")
    func dataSurvivesReopening() async throws {
        let harness = try StoreHarness()
        let store = harness.store
        let event = Sample.message(mid: "mid.in.1", at: 0)
        var state = try await store.contactState(account: Sample.account, contact: event.contact.id)
        state.contact.tags = ["lead"]
        state.contact.values = ["size": "M"]
        let outcome = Sample.outcome(
            event, state: state,
            decisions: [
                Sample.reply("now", to: event, index: 0),
                Sample.reply("later", to: event, index: 1, decision: .defer(until: Sample.at(600), reason: .followUpScheduled)),
            ])
        #expect(try await store.commit(outcome) == .committed)
        let inbox = try await store.appendToInbox(Data("{\"entry\":[]}".utf8), receivedAt: Sample.t0)
        _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))
        try await store.markSent(outcome.outbox[0].id, part: 0, messageID: "mid.out.1", at: Sample.at(2))

        let reopened = try harness.reopen()
        let stored = try await reopened.contactState(account: Sample.account, contact: event.contact.id)
        #expect(stored.contact.tags == ["lead"])
        #expect(stored.contact.values == ["size": "M"])
        #expect(try await reopened.hasProcessed(EventKey(event)))
        #expect(try await reopened.inboxRow(inbox)?.state == .pending)
        #expect(try await reopened.message(mid: "mid.out.1")?.status == .sent)
        #expect(try await reopened.outboxCounts() == [.sent: 1, .pending: 1])
        #expect(try await reopened.decisions(for: EventKey(event)).count == 2)
        #expect(try await reopened.commit(outcome) == .duplicate)
        let due = try await reopened.claimDueOutbox(limit: 5, now: Sample.at(600))
        #expect(due.map(\.entry) == [outcome.outbox[1]])
    }
}

@Suite("Outbox ids")
struct OutboxIDTests {
    @Test("the id names the event, the handler and the intent's position")
    func idIsReadable() {
        let key = EventKey(account: "17841400000000001", kind: "message", id: "aWdfZAG1faWQ6MTIz")
        #expect(OutboxID(event: key, handler: "rules/shop.lua:10", index: 2).rawValue
            == "17841400000000001|message|aWdfZAG1faWQ6MTIz|rules/shop.lua:10|2")
    }

    @Test("different causes never make the same id, whatever the ids contain")
    func idsAreInjective() {
        let a = OutboxID(event: EventKey(account: "a", kind: "message", id: "x|y"), handler: "h", index: 0)
        let b = OutboxID(event: EventKey(account: "a", kind: "message", id: "x"), handler: "y|h", index: 0)
        let c = OutboxID(event: EventKey(account: "a", kind: "message", id: "x%7Cy"), handler: "h", index: 0)
        #expect(Set([a, b, c]).count == 3)
    }
}
