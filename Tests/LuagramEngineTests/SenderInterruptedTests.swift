import Foundation
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramStore
import LuagramTestSupport
import Testing

/// Sends whose answer never came — the process was killed, the call timed out — are asked
/// about with Meta before they are tried again: each message goes out once.
@Suite("Sends that may or may not have arrived")
struct SenderInterruptedTests {
    typealias H = SenderHarness

    /// What a killed process did before dying: claimed the row and, if `posted`, sent it.
    static func killedWhileSending(_ h: H, _ text: String, eventID: String, posted: Bool) async throws -> OutboxID {
        let id = try await h.commitReply(text, eventID: eventID)
        _ = try await h.store.claimDueOutbox(limit: 10, now: H.t0)
        if posted {
            let client = GraphClient(
                configuration: GraphConfiguration(baseURL: h.server.baseURL),
                tokens: StaticGraphTokens([H.account: GraphAccessToken(FakeGraphServer.token)]))
            _ = try await client.send(
                try GraphRequest.message(OutgoingMessage(text: text), to: .user(H.contact), messagingType: .response, from: H.account))
        }
        return id
    }

    @Test("a row a killed process had posted is found in the conversation at restart and not sent again")
    func interruptedAndDelivered() async throws {
        try await H.run { h in
            let id = try await Self.killedWhileSending(h, "posted before the kill", eventID: "m1", posted: true)

            #expect(await h.sender.requeueInterrupted(now: H.t0) == 1)
            #expect(try await h.row(id)?.unconfirmedSince == H.t0)
            let report = await h.sender.sendDue(now: H.t0)

            #expect(report[id] == .sent(messageIDs: ["aWdfZAG1fakemid1"]))
            #expect(h.posts.count == 1)
            #expect(try await h.store.messages(account: H.account, contact: H.contact, limit: 5).map(\.mid) == ["aWdfZAG1fakemid1"])
            #expect(await h.sender.counters.messagesConfirmed == 1)
        }
    }

    @Test("a row a killed process had claimed but not posted is sent once at restart")
    func interruptedBeforePosting() async throws {
        try await H.run { h in
            let id = try await Self.killedWhileSending(h, "claimed before the kill", eventID: "m1", posted: false)
            let fresh = try await h.commitReply("queued after the restart", eventID: "m2")

            #expect(await h.sender.requeueInterrupted(now: H.t0) == 1)
            _ = await h.sender.sendDue(now: H.t0)

            #expect(try await h.row(id)?.state == .sent)
            #expect(try await h.row(id)?.unconfirmedSince == nil)
            #expect(try await h.row(fresh)?.state == .sent)
            #expect(h.posts.map(\.bodyText).sorted().count == 2)
            #expect(await h.sender.requeueInterrupted(now: H.t0) == 0)
        }
    }

    @Test("with a send journal, only the rows a killed process had posted are asked about; the others are just sent")
    func journalNarrowsTheQuestion() async throws {
        let folder = try TemporaryFolder()
        let journal = try SendJournal(path: folder.path + "/luagram.db-sends")
        try await H.run(journal: journal) { h in
            let posted = try await Self.killedWhileSending(h, "posted before the kill", eventID: "m1", posted: true)
            journal.beginning(posted)
            let claimed = try await h.commitReply("claimed, never posted", eventID: "m2", contact: "1284567890123457")
            _ = try await h.store.claimDueOutbox(limit: 10, now: H.t0)

            #expect(await h.sender.requeueInterrupted(now: H.t0) == 2)
            #expect(try await h.row(posted)?.unconfirmedSince == H.t0)
            #expect(try await h.row(claimed)?.unconfirmedSince == nil)
            #expect(journal.begun().isEmpty)
            _ = await h.sender.sendDue(now: H.t0)

            #expect(try await h.row(posted)?.state == .sent)
            #expect(try await h.row(claimed)?.state == .sent)
            #expect(h.posts.count == 2)  // the kill's post, and the never-posted one now
            #expect(h.server.requests.filter { $0.path.hasSuffix("/conversations") }.count == 1)
        }
    }

    @Test("the journal keeps what was begun until it is cleared, whatever the handler's name")
    func journalRoundTrips() throws {
        let folder = try TemporaryFolder()
        let journal = try SendJournal(path: folder.path + "/j")
        let odd = OutboxID(rawValue: "acct|message|mid\nwith a newline\t|handler|0")
        journal.beginning(odd)
        journal.beginning(OutboxID(rawValue: "plain"))
        #expect(try SendJournal(path: folder.path + "/j").begun() == [odd, OutboxID(rawValue: "plain")])
        journal.clear()
        #expect(journal.begun().isEmpty)
    }

    @Test("a message Luagram already knows it sent does not count as the interrupted one")
    func knownMessagesAreNotTheInterruptedOne() async throws {
        try await H.run { h in
            // The same words went out earlier and were recorded; the interrupted try never left.
            let earlier = try await h.commitReply("Thanks!", eventID: "m1")
            _ = await h.sender.sendDue(now: H.t0)
            #expect(try await h.row(earlier)?.state == .sent)
            let id = try await Self.killedWhileSending(h, "Thanks!", eventID: "m2", posted: false)

            _ = await h.sender.requeueInterrupted(now: H.t0)
            _ = await h.sender.sendDue(now: H.t0)

            #expect(try await h.row(id)?.state == .sent)
            #expect(h.posts.count == 2)
        }
    }

    @Test("a call that times out is checked with Meta before another try: sent once")
    func timeoutThenFound() async throws {
        try await H.run(graphTimeout: .seconds(1)) { h in
            // Meta takes the message but answers too late.
            h.server.enqueue(.success(messageID: "aWdfZAG1late").delayed(by: .seconds(3)))
            let id = try await h.commitReply("Your order ships tomorrow.")

            let first = await h.sender.sendDue(now: H.t0)
            guard case .retry(let at, let failure) = first[id] else { Issue.record("\(String(describing: first[id]))"); return }
            #expect(failure.message.hasPrefix("no answer within"))
            #expect(try await h.row(id)?.unconfirmedSince == H.t0)

            let second = await h.sender.sendDue(now: at)
            #expect(second[id] == .sent(messageIDs: ["aWdfZAG1late"]))
            #expect(h.posts.count == 1)
            #expect(try await h.row(id)?.state == .sent)
        }
    }

    @Test("a timed-out private reply that Meta then refuses with 100/2534025 is recorded as unknown, not as sent")
    func privateReplyTimeoutIsUnknown() async throws {
        try await H.run(graphTimeout: .seconds(1)) { h in
            h.server.enqueue(.success().delayed(by: .seconds(3)))
            let message = OutgoingMessage(text: "Sent you the link!")
            let id = try await h.commit(
                .privateReply(message), plan: SendPlan(messagingType: .response, messages: [message]), eventKind: .comment,
                eventID: "17867301270000000")

            let first = await h.sender.sendDue(now: H.t0)
            guard case .retry(let at, _) = first[id] else { Issue.record("\(String(describing: first[id]))"); return }
            let second = await h.sender.sendDue(now: at)

            // Meta does not say the first try arrived (the comment may be deleted or too old),
            // and the conversation does not show it: nobody knows.
            guard case .failed(let failure) = second[id] else { Issue.record("\(String(describing: second[id]))"); return }
            #expect(failure.code == 100 && failure.subcode == 2_534_025 && failure.message.hasPrefix("unknown:"))
            #expect(try await h.row(id)?.state == .failed)
            #expect(h.posts.count == 2)  // the second was refused by Meta: 100/2534025
            #expect(try await !h.store.contactState(account: H.account, contact: H.contact).conversation.awaitingUserReply)
        }
    }

    @Test("a timed-out private reply refused with 100/2534025 is recorded as sent when the commenter's conversation shows it")
    func privateReplyTimeoutConfirmed() async throws {
        try await H.run(graphTimeout: .seconds(1)) { h in
            h.server.setCommenter(H.contact, ofComment: "17867301270000000")
            h.server.enqueue(.success(messageID: "aWdfZAG1private").delayed(by: .seconds(3)))
            let message = OutgoingMessage(text: "Sent you the link!")
            let id = try await h.commit(
                .privateReply(message), plan: SendPlan(messagingType: .response, messages: [message]), eventKind: .comment,
                eventID: "17867301270000000")

            let first = await h.sender.sendDue(now: H.t0)
            guard case .retry(let at, _) = first[id] else { Issue.record("\(String(describing: first[id]))"); return }
            let second = await h.sender.sendDue(now: at)

            #expect(second[id] == .sent(messageIDs: ["aWdfZAG1private"]))
            #expect(try await h.row(id)?.state == .sent)
        }
    }

    @Test("dry-run rows left sending are simply recorded again, nothing is asked or posted")
    func dryRunRowsNeedNoCheck() async throws {
        try await H.run(dryRun: true) { h in
            let message = OutgoingMessage(text: "would send")
            let id = try await h.commit(.reply(message), plan: SendPlan(messagingType: .response, messages: [message]), dryRun: true)
            _ = try await h.store.claimDueOutbox(limit: 10, now: H.t0)

            #expect(await h.sender.requeueInterrupted(now: H.t0) == 1)
            #expect(try await h.row(id)?.unconfirmedSince == nil)
            _ = await h.sender.sendDue(now: H.t0)

            #expect(try await h.row(id)?.state == .dryRun)
            #expect(h.server.requests.isEmpty)
        }
    }
}

/// An outbox whose writes of results can be refused for a while, like a full disk.
final class RefusingOutbox: OutboxStore, @unchecked Sendable {
    let store: SQLiteStore
    var refusing = false
    init(_ store: SQLiteStore) { self.store = store }

    struct DiskFull: Error {}

    func apply(_ writes: [OutboxWrite], at time: Date) async throws {
        if refusing { throw DiskFull() }
        try await store.apply(writes, at: time)
    }
    func claimDueOutbox(limit: Int, now: Date) async throws -> [OutboxRow] { try await store.claimDueOutbox(limit: limit, now: now) }
    func replan(_ id: OutboxID, plan: SendPlan, at time: Date) async throws { try await apply([.replan(id, plan)], at: time) }
    func markSent(_ id: OutboxID, part: Int, messageID: String, at time: Date) async throws {
        try await apply([.sent(id, part: part, messageID: messageID)], at: time)
    }
    func markDryRun(_ id: OutboxID, part: Int, at time: Date) async throws { try await apply([.dryRun(id, part: part)], at: time) }
    func markFailed(_ id: OutboxID, failure: SendFailure, at time: Date) async throws { try await apply([.failed(id, failure)], at: time) }
    func scheduleRetry(_ id: OutboxID, failure: SendFailure?, nextAttemptAt: Date, attempted: Bool, at time: Date) async throws {
        try await apply([.retry(id, failure, nextAttemptAt: nextAttemptAt, attempted: attempted)], at: time)
    }
    func markRefused(_ id: OutboxID, reason: ReasonCode, at time: Date) async throws { try await apply([.refused(id, reason)], at: time) }
    func outboxRow(_ id: OutboxID) async throws -> OutboxRow? { try await store.outboxRow(id) }
    func outboxCounts() async throws -> [OutboxState: Int] { try await store.outboxCounts() }
    func requeueInterrupted(at time: Date, posted: Set<OutboxID>?) async throws -> Int {
        try await store.requeueInterrupted(at: time, posted: posted)
    }
}

@Suite("Send results the store refuses")
struct SenderStoreRefusalTests {
    typealias H = SenderHarness

    @Test("results the store refuses are kept and written once it takes them again; nothing is sent twice meanwhile")
    func refusedResultsAreWrittenLater() async throws {
        try await H.run { h in
            let outbox = RefusingOutbox(h.store)
            let client = GraphClient(
                configuration: GraphConfiguration(baseURL: h.server.baseURL),
                tokens: StaticGraphTokens([H.account: GraphAccessToken(FakeGraphServer.token)]))
            let sender = OutboxSender(outbox: outbox, conversations: h.store, sender: GraphMessageSender(client: client), logger: H.quiet)
            let id = try await h.commitReply("sent while the disk was full")

            outbox.refusing = true
            guard case .storeError = await sender.sendDue(now: H.t0)[id] else { Issue.record("no store error"); return }
            #expect(try await h.row(id)?.state == .sending)
            // The store still refuses: no round starts, nothing is posted again.
            #expect(await sender.sendDue(now: H.t0.addingTimeInterval(60)).claimed == 0)

            outbox.refusing = false
            _ = await sender.sendDue(now: H.t0.addingTimeInterval(120))
            #expect(try await h.row(id)?.state == .sent)
            #expect(h.posts.count == 1)
        }
    }
}
