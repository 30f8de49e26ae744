import Foundation
import LuagramDomain
import Testing

@testable import LuagramStore

@Suite("The outbox")
struct OutboxTests {
    /// Commits one message event whose rules decided `decisions`, returning the entries.
    static func commit(
        _ store: any ConversationPorts, mid: String = "mid.in.1", contact: Int = 1, at seconds: TimeInterval = 0,
        _ decide: (Event) -> [(DecisionRecord, OutboxEntry?)]
    ) async throws -> [OutboxEntry] {
        let event = Sample.message(mid: mid, contact: contact, at: seconds)
        let state = try await store.contactState(account: Sample.account, contact: event.contact.id)
        let outcome = Sample.outcome(event, state: state, decisions: decide(event), at: seconds + 1)
        #expect(try await store.commit(outcome) == .committed)
        return outcome.outbox
    }

    @Test(
        "a reply tried again after a transient failure still goes before the contact's next reply claimed with it",
        arguments: PortStoreKind.available)
    func retriedRowKeepsItsPlace(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let first = try await Self.commit(store, mid: "mid.1", at: 0) { [Sample.reply("first", to: $0)] }
            let tried = try #require(try await store.claimDueOutbox(limit: 10, now: Sample.at(2)).first)
            try await store.scheduleRetry(
                tried.entry.id, failure: SendFailure(code: 2, message: "transient"), nextAttemptAt: Sample.at(6), attempted: true,
                at: Sample.at(2))
            let second = try await Self.commit(store, mid: "mid.2", at: 3) { [Sample.reply("second", to: $0)] }
            // the second reply's next attempt (its decision, 4 s) comes before the first's (6 s)
            let round = try await store.claimDueOutbox(limit: 10, now: Sample.at(7))
            #expect(round.map(\.entry.id) == [first[0].id, second[0].id])
        }
    }

    @Test("only rows whose due time and next attempt have come are claimed, earliest first", arguments: PortStoreKind.available)
    func dueRowsByTime(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let entries = try await Self.commit(store) { event in
                [
                    Sample.reply("now", to: event, index: 0),
                    Sample.reply("in an hour", to: event, index: 1, decision: .defer(until: Sample.at(3600), reason: .followUpScheduled)),
                    Sample.reply("in a minute", to: event, index: 2, decision: .defer(until: Sample.at(60), reason: .rateLimited)),
                ]
            }
            let now = try await store.claimDueOutbox(limit: 10, now: Sample.at(1))
            #expect(now.map(\.entry.id) == [entries[0].id])
            #expect(now[0].state == .sending)
            #expect(now[0].attempts == 1)
            // Claimed rows are not handed out twice.
            #expect(try await store.claimDueOutbox(limit: 10, now: Sample.at(1)).isEmpty)

            let later = try await store.claimDueOutbox(limit: 10, now: Sample.at(4000))
            #expect(later.map(\.entry.id) == [entries[2].id, entries[1].id])
            #expect(later[1].entry.plan == nil)
            #expect(later[1].entry.dueAt == Sample.at(3600))
            #expect(try await store.outboxCounts() == [.sending: 3])
        }
    }

    @Test("a retry waits for its next attempt time and keeps Meta's error", arguments: PortStoreKind.available)
    func retryWaitsForNextAttempt(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let id = try await Self.commit(store) { [Sample.reply("hello", to: $0)] }[0].id
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))
            let throttled = SendFailure(code: 613, message: "Calls to this api have exceeded the rate limit.")
            try await store.scheduleRetry(id, failure: throttled, nextAttemptAt: Sample.at(31), attempted: true, at: Sample.at(1))

            #expect(try await store.claimDueOutbox(limit: 1, now: Sample.at(30)).isEmpty)
            let again = try await store.claimDueOutbox(limit: 1, now: Sample.at(31))
            #expect(again.first?.attempts == 2)
            #expect(again.first?.lastFailure == throttled)
            #expect(again.first?.nextAttemptAt == Sample.at(31))
        }
    }

    @Test("a row put back without being tried keeps its retry budget", arguments: PortStoreKind.available)
    func waitingDoesNotSpendAttempts(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let id = try await Self.commit(store) { [Sample.reply("hello", to: $0)] }[0].id
            for second in stride(from: 1.0, through: 5, by: 1) {
                _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(second))
                try await store.scheduleRetry(id, failure: nil, nextAttemptAt: Sample.at(second + 1), attempted: false, at: Sample.at(second))
            }
            #expect(try await store.claimDueOutbox(limit: 1, now: Sample.at(6)).first?.attempts == 1)
        }
    }

    @Test("a dry run's parts end dry_run, with no message id", arguments: PortStoreKind.available)
    func dryRunParts(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let id = try await Self.commit(store) { [Sample.reply("hello", to: $0)] }[0].id
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))
            try await store.markDryRun(id, part: 0, at: Sample.at(1))
            #expect(try await store.outboxRow(id)?.state == .dryRun)
            #expect(try await store.outboxCounts() == [.dryRun: 1])
        }
    }

    @Test("two concurrent senders never claim the same row", arguments: PortStoreKind.available)
    func claimsAreDisjoint(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            _ = try await Self.commit(store) { event in (0..<30).map { Sample.reply("n\($0)", to: event, index: $0) } }
            async let a = store.claimDueOutbox(limit: 20, now: Sample.at(5))
            async let b = store.claimDueOutbox(limit: 20, now: Sample.at(5))
            let (first, second) = try await (a, b)
            #expect(first.count + second.count == 30)
            #expect(Set(first.map(\.entry.id)).isDisjoint(with: second.map(\.entry.id)))
        }
    }

    @Test("a plan's parts are sent in order, and the row is sent after the last", arguments: PortStoreKind.available)
    func partsAreSentInOrder(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let plan = SendPlan(
                messagingType: .response, messages: [OutgoingMessage(text: "part one"), OutgoingMessage(text: "part two")],
                conversions: [.textSplit(parts: 2)])
            let id = try await Self.commit(store) { [Sample.reply("part one part two", to: $0, decision: .send(plan))] }[0].id
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))

            await #expect(throws: StoreError.outboxPartOutOfOrder(id, expected: 0, got: 1)) {
                try await store.markSent(id, part: 1, messageID: "mid.out.2", at: Sample.at(2))
            }
            try await store.markSent(id, part: 0, messageID: "mid.out.1", at: Sample.at(2))
            #expect(try await store.outboxRow(id)?.state == .sending)
            #expect(try await store.outboxRow(id)?.partsSent == 1)
            try await store.markSent(id, part: 1, messageID: "mid.out.2", at: Sample.at(3))
            #expect(try await store.outboxRow(id)?.state == .sent)
            #expect(try await store.message(mid: "mid.out.2")?.text == "part two")
            #expect(try await store.message(mid: "mid.out.2")?.sentAt == Sample.at(3))
        }
    }

    @Test("only a claimed row can be marked", arguments: PortStoreKind.available)
    func onlyClaimedRowsChange(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let id = try await Self.commit(store) { [Sample.reply("hello", to: $0)] }[0].id
            await #expect(throws: StoreError.outboxEntryNotSending(id, .pending)) {
                try await store.markSent(id, part: 0, messageID: "mid.out.1", at: Sample.at(2))
            }
            let unknown = OutboxID(rawValue: "nope")
            await #expect(throws: StoreError.unknownOutboxEntry(unknown)) {
                try await store.markFailed(unknown, failure: SendFailure(code: 1, message: "x"), at: Sample.at(2))
            }
        }
    }

    @Test("a round's writes are kept all or none: one that may not be made undoes those before it", arguments: PortStoreKind.available)
    func aRoundIsAllOrNothing(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let entries = try await Self.commit(store) { event in (0..<2).map { Sample.reply("n\($0)", to: event, index: $0) } }
            let (claimed, unclaimed) = (entries[0].id, entries[1].id)
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))
            #expect(try await store.outboxRow(claimed)?.state == .sending)
            await #expect(throws: StoreError.outboxEntryNotSending(unclaimed, .pending)) {
                try await store.apply(
                    [.sent(claimed, part: 0, messageID: "mid.out.1"), .sent(unclaimed, part: 0, messageID: "mid.out.2")],
                    at: Sample.at(2))
            }
            #expect(try await store.outboxRow(claimed)?.state == .sending)
            #expect(try await store.outboxRow(claimed)?.partsSent == 0)
            #expect(try await store.message(mid: "mid.out.1") == nil)
        }
    }

    @Test("a deferred intent gets its plan at send time, and its messages follow", arguments: PortStoreKind.available)
    func replanReplacesQueuedMessages(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let entry = try await Self.commit(store) {
                [Sample.reply("a long follow-up", to: $0, decision: .defer(until: Sample.at(60), reason: .followUpScheduled))]
            }[0]
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(60))
            let plan = SendPlan(
                messagingType: .response, messages: [OutgoingMessage(text: "a long"), OutgoingMessage(text: "follow-up")],
                conversions: [.textSplit(parts: 2)])
            try await store.replan(entry.id, plan: plan, at: Sample.at(60))
            #expect(try await store.outboxRow(entry.id)?.entry.plan == plan)
            let queued = try await store.messages(account: Sample.account, contact: entry.recipient, limit: 10)
                .filter { $0.direction == .outbound }
            #expect(queued.map(\.text) == ["a long", "follow-up"])
            #expect(queued.map(\.part) == [0, 1])
            #expect(queued.allSatisfy { $0.createdAt == entry.decidedAt })
        }
    }
}

@Suite("Message statuses")
struct MessageStatusTests {
    @Test("an outgoing message goes queued, sent, delivered, read", arguments: PortStoreKind.available)
    func queuedSentDeliveredRead(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let entry = try await OutboxTests.commit(store) { [Sample.reply("hello", to: $0)] }[0]
            let contact = entry.recipient
            #expect(try await store.messages(account: Sample.account, contact: contact, limit: 1).first?.status == .queued)

            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))
            try await store.markSent(entry.id, part: 0, messageID: "mid.out.1", at: Sample.at(2))
            #expect(try await store.message(mid: "mid.out.1")?.status == .sent)

            #expect(try await store.markDelivered(mid: "mid.out.1", at: Sample.at(3)))
            #expect(try await store.message(mid: "mid.out.1")?.status == .delivered)
            #expect(try await store.message(mid: "mid.out.1")?.deliveredAt == Sample.at(3))

            #expect(try await store.markRead(account: Sample.account, contact: contact, upTo: .message(mid: "mid.out.1"), at: Sample.at(4)) == 1)
            let read = try #require(try await store.message(mid: "mid.out.1"))
            #expect(read.status == .read)
            #expect(read.readAt == Sample.at(4))

            // A late echo does not move it back.
            #expect(try await store.markDelivered(mid: "mid.out.1", at: Sample.at(5)))
            #expect(try await store.message(mid: "mid.out.1")?.status == .read)
            #expect(try await !store.markDelivered(mid: "mid.unknown", at: Sample.at(5)))
        }
    }

    @Test("a failed send keeps Meta's code, subcode and message", arguments: PortStoreKind.available)
    func failedKeepsTheError(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let entry = try await OutboxTests.commit(store) { [Sample.reply("hello", to: $0)] }[0]
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(1))
            let failure = SendFailure(code: 10, subcode: 2_534_022, message: "This message is sent outside of allowed window.")
            try await store.markFailed(entry.id, failure: failure, at: Sample.at(2))
            let row = try #require(try await store.outboxRow(entry.id))
            #expect(row.state == .failed)
            #expect(row.lastFailure == failure)
            let message = try #require(try await store.messages(account: Sample.account, contact: entry.recipient, limit: 1).first)
            #expect(message.status == .failed)
            #expect(message.failure == failure)
        }
    }

    @Test("a send refused at send time keeps the reason", arguments: PortStoreKind.available)
    func refusedKeepsTheReason(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let entry = try await OutboxTests.commit(store) {
                [Sample.reply("see you tomorrow", to: $0, decision: .defer(until: Sample.at(90_000), reason: .followUpScheduled))]
            }[0]
            _ = try await store.claimDueOutbox(limit: 1, now: Sample.at(90_000))
            try await store.markRefused(entry.id, reason: .automatedOutside24h, at: Sample.at(90_000))
            #expect(try await store.outboxRow(entry.id)?.refusal == .automatedOutside24h)
            #expect(try await store.outboxCounts() == [.refused: 1])
            let message = try #require(try await store.messages(account: Sample.account, contact: entry.recipient, limit: 1).first)
            #expect(message.status == .refused)
            #expect(message.refusal == .automatedOutside24h)
        }
    }

    @Test("a read receipt marks that message and every earlier one read, and no later one", arguments: PortStoreKind.available)
    func readReceiptCoversEarlierMessages(kind: PortStoreKind) async throws {
        try await PortHarness.withConversations(kind) { store in
            let entries = try await OutboxTests.commit(store) { event in (0..<4).map { Sample.reply("m\($0)", to: event, index: $0) } }
            let other = try await OutboxTests.commit(store, mid: "mid.in.other", contact: 2) { [Sample.reply("other", to: $0)] }
            _ = try await store.claimDueOutbox(limit: 10, now: Sample.at(1))
            try await store.markSent(other[0].id, part: 0, messageID: "mid.out.other", at: Sample.at(5))
            for (n, entry) in entries.enumerated() {
                try await store.markSent(entry.id, part: 0, messageID: "mid.out.\(n)", at: Sample.at(Double(10 + n)))
            }
            try await store.markDelivered(mid: "mid.out.0", at: Sample.at(20))

            let contact = entries[0].recipient
            #expect(try await store.markRead(account: Sample.account, contact: contact, upTo: .message(mid: "mid.out.2"), at: Sample.at(30)) == 3)
            for n in 0..<3 { #expect(try await store.message(mid: "mid.out.\(n)")?.status == .read) }
            #expect(try await store.message(mid: "mid.out.3")?.status == .sent)
            // Another contact's conversation is untouched, though sent earlier than the mark.
            #expect(try await store.message(mid: "mid.out.other")?.status == .sent)

            #expect(try await store.markRead(account: Sample.account, contact: contact, upTo: .watermark(Sample.at(13)), at: Sample.at(40)) == 1)
            #expect(try await store.message(mid: "mid.out.3")?.status == .read)
            #expect(try await store.markRead(account: Sample.account, contact: contact, upTo: .message(mid: "mid.unknown"), at: Sample.at(41)) == 0)
        }
    }
}
