import Foundation
import Logging
import LuagramDomain
import LuagramEngine
import LuagramPolicy
import LuagramTestSupport
import LuagramStore
import Testing

/// How the sender holds an account back: its own rate limiter, Meta's throttling, and a
/// refused token.
@Suite("Sender pacing")
struct SenderPacingTests {
    typealias H = SenderHarness

    @Test("a throttling error with a usage header pauses the account, defers its rows, and they go after the pause")
    func throttlePausesAccount() async throws {
        // one contact at a time, so the second row is looked at after the first one's 613
        // (with more, rows already in flight when the 613 comes are sent as usual)
        try await H.run(configuration: SenderConfiguration(concurrency: 1)) { h in
            h.server.enqueue(
                .metaError(code: 613, subcode: 2_534_040, message: "(#613) Calls to this api have exceeded the rate limit.")
                    .businessUseCaseUsage(minutesToRegainAccess: 5))
            let first = try await h.commitReply("One", eventID: "mid-a", contact: "1000000000000001")
            let second = try await h.commitReply("Two", eventID: "mid-b", contact: "1000000000000002")
            let resumeAt = H.t0.addingTimeInterval(300)

            let report = await h.sender.sendDue(now: H.t0)

            #expect(report[first] == .deferred(until: resumeAt, reason: .accountThrottled))
            #expect(report[second] == .deferred(until: resumeAt, reason: .accountThrottled))
            #expect(h.server.requests.count == 1)  // the second row never reached Meta
            let paused = await h.sender.pausedAccounts(at: H.t0)
            #expect(paused.map(\.account) == [H.account])
            #expect(paused.first?.reason == .throttled)
            #expect(paused.first?.until == resumeAt)
            #expect(paused.first?.failure.code == 613)
            let row = try #require(try await h.row(first))
            #expect(row.state == .pending)
            #expect(row.nextAttemptAt == resumeAt)
            #expect(row.lastFailure?.code == 613)

            #expect(await h.sender.sendDue(now: resumeAt.addingTimeInterval(-1)).claimed == 0)
            let after = await h.sender.sendDue(now: resumeAt)

            guard case .sent = after[first], case .sent = after[second] else { Issue.record("not sent: \(after)"); return }
            #expect(h.server.requests.count == 3)
            #expect(await h.sender.pausedAccounts(at: resumeAt).isEmpty)
            #expect(await h.sender.counters.throttled == 1)
        }
    }

    @Test("a refused token (190) stops the account until it is resumed")
    func invalidTokenPausesAccount() async throws {
        let logs = LogRecorder()
        try await H.run(logger: logs.logger(label: "test.sender")) { h in
            h.server.enqueue(.metaError(code: 190, subcode: 463, message: "Error validating access token: Session has expired."))
            let id = try await h.commitReply("Hello!")

            let report = await h.sender.sendDue(now: H.t0)
            let recheck = H.t0.addingTimeInterval(300)

            #expect(report[id] == .deferred(until: recheck, reason: .accountNeedsReauthentication))
            let paused = await h.sender.pausedAccounts(at: H.t0.addingTimeInterval(86400 * 30))
            #expect(paused.map(\.account) == [H.account])
            #expect(paused.first?.reason == .reauthenticate)
            #expect(paused.first?.until == nil)
            #expect(paused.first?.failure == SendFailure(code: 190, subcode: 463, message: "Error validating access token: Session has expired."))
            #expect(await h.sender.counters.reauthenticationRequired == 1)
            #expect(logs.entries.contains { $0.level == .critical && $0.message.contains("STOPPED") })

            // Still stopped each time the row comes back, longer than the retry budget
            // lasts: nothing is posted, and waiting does not use the budget up.
            var now = recheck
            for _ in 0..<(h.sender.configuration.maxAttempts + 3) {
                let stillPaused = await h.sender.sendDue(now: now)
                #expect(stillPaused[id] == .deferred(until: now.addingTimeInterval(300), reason: .accountNeedsReauthentication))
                now = now.addingTimeInterval(300)
            }
            #expect(h.server.requests.count == 1)

            // After the resume a transient error is still retried: the budget is intact.
            await h.sender.resume(account: H.account)
            h.server.enqueue(.status(503))
            let resumed = await h.sender.sendDue(now: now)
            guard case .retry(let at, _) = resumed[id] else { Issue.record("not retried: \(String(describing: resumed[id]))"); return }
            let retried = await h.sender.sendDue(now: at)

            guard case .sent = retried[id] else { Issue.record("not sent: \(String(describing: retried[id]))"); return }
            #expect(await h.sender.pausedAccounts(at: recheck).isEmpty)
            #expect(h.server.requests.count == 3)
        }
    }

    @Test("a burst beyond the rate limit queues up, as many to a window as the limit allows, and goes out in order")
    func burstQueuesUpByWindow() async throws {
        let limits = RateLimits(text: RateLimit(calls: 2, per: 1))
        try await H.run(configuration: SenderConfiguration(rateLimits: limits)) { h in
            var ids: [OutboxID] = []
            for n in 1...7 {
                ids.append(try await h.commitReply("Reply \(n)", eventID: "mid-\(n)", contact: "100000000000000\(n)"))
            }
            _ = await h.sender.sendDue(now: H.t0)
            var slots: [TimeInterval] = []
            for id in ids[2...] { slots.append(try #require(try await h.row(id)).nextAttemptAt.timeIntervalSince(H.t0)) }
            #expect(slots.map { ($0 * 1000).rounded() } == [1000, 1000, 2000, 2000, 3000])

            // Each window claims only what it can send, in the order they came (two contacts
            // in one window go at the same time).
            for second in 1...3 {
                let report = await h.sender.sendDue(now: H.t0.addingTimeInterval(Double(second)))
                #expect(report.claimed == (second < 3 ? 2 : 1))
            }
            let texts = h.server.requests.compactMap { $0.json?["message"]?["text"]?.stringValue }
            let windows = stride(from: 0, to: texts.count, by: 2).map { Set(texts[$0..<min($0 + 2, texts.count)]) }
            #expect(windows == [["Reply 1", "Reply 2"], ["Reply 3", "Reply 4"], ["Reply 5", "Reply 6"], ["Reply 7"]])
        }
    }

    @Test("rows that find the window full are promised its slots in the order they open, one each")
    func waitingRowsTakeSlotsAsTheyOpen() async throws {
        let limits = RateLimits(text: RateLimit(calls: 3, per: 10))
        try await H.run(configuration: SenderConfiguration(rateLimits: limits)) { h in
            // Three sends a second apart fill the window until 10, 11 and 12 s.
            for n in 0..<3 {
                _ = try await h.commitReply("First \(n)", eventID: "first-\(n)", contact: "100000000000001\(n)")
                _ = await h.sender.sendDue(now: H.t0.addingTimeInterval(Double(n)))
            }
            var ids: [OutboxID] = []
            for n in 0..<3 {
                ids.append(try await h.commitReply("Then \(n)", eventID: "then-\(n)", contact: "100000000000002\(n)"))
            }
            _ = await h.sender.sendDue(now: H.t0.addingTimeInterval(2))
            var slots: [TimeInterval] = []
            for id in ids { slots.append(try #require(try await h.row(id)).nextAttemptAt.timeIntervalSince(H.t0)) }
            #expect(slots.map { ($0 * 1000).rounded() } == [10000, 11000, 12000])
            // At each, the one row is claimed and goes.
            for (id, slot) in zip(ids, slots) {
                let report = await h.sender.sendDue(now: H.t0.addingTimeInterval(slot))
                #expect(report.claimed == 1)
                guard case .sent = report[id] else { Issue.record("\(String(describing: report[id]))"); return }
            }
        }
    }

    @Test("more due rows than the rate limit allows: the excess waits for the next slot")
    func rateLimitReschedulesExcess() async throws {
        let limits = RateLimits(text: RateLimit(calls: 2, per: 1))
        try await H.run(configuration: SenderConfiguration(rateLimits: limits)) { h in
            var ids: [OutboxID] = []
            for n in 1...3 {
                ids.append(try await h.commitReply("Reply \(n)", eventID: "mid-\(n)", contact: "100000000000000\(n)"))
            }

            let report = await h.sender.sendDue(now: H.t0)

            let nextSlot = H.t0.addingTimeInterval(1)
            #expect(report.outcomes.filter { if case .sent = $0.outcome { true } else { false } }.count == 2)
            let waiting = report.outcomes.filter { $0.outcome == .deferred(until: nextSlot, reason: .rateLimited) }
            try #require(waiting.count == 1)
            #expect(h.server.requests.count == 2)
            #expect(try await h.row(waiting[0].id)?.nextAttemptAt == nextSlot)

            let next = await h.sender.sendDue(now: nextSlot)
            guard case .sent = next[waiting[0].id] else { Issue.record("not sent: \(next)"); return }
            #expect(h.server.requests.count == 3)
            for id in ids { #expect(try await h.row(id)?.state == .sent) }
        }
    }

    @Test("retry delays grow exponentially, are capped, and take their jitter from the injected source")
    func retryDelays() {
        let configuration = SenderConfiguration(retryBase: 10, retryCap: 100)
        #expect(configuration.retryDelay(afterAttempt: 1, random: 0) == 5)
        #expect(configuration.retryDelay(afterAttempt: 1, random: 1) == 10)
        #expect(configuration.retryDelay(afterAttempt: 3, random: 0.5) == 30)
        #expect(configuration.retryDelay(afterAttempt: 10, random: 1) == 100)
    }
}

@Suite("Sender concurrency")
struct SenderConcurrencyTests {
    typealias H = SenderHarness

    @Test("different contacts' messages go at the same time, one contact's in order")
    func contactsInParallelEachInOrder() async throws {
        try await H.run { h in
            h.server.setDefaultReply(.success().delayed(by: .milliseconds(30)))
            // one contact with three replies from one event, decided in this order
            let event = Event(kind: .message, id: "mid-many", time: H.t0, account: H.account, contact: Contact(id: "1000000000000100"))
            var conversation = ConversationState()
            conversation.noteInbound(event)
            let entries = (0..<3).map { index in
                let message = OutgoingMessage(text: "part \(index)")
                return OutboxEntry(
                    id: OutboxID(event: EventKey(event), handler: "main.lua:1", index: index), account: H.account,
                    recipient: "1000000000000100", intent: .reply(message), origin: .rule(file: "main.lua", line: 1, handler: "main.lua:1"),
                    plan: SendPlan(messagingType: .response, messages: [message]), event: EventReference(event), decidedAt: H.t0,
                    dueAt: H.t0)
            }
            _ = try await h.store.commit(
                EventOutcome(
                    key: EventKey(event),
                    contact: ContactState(account: H.account, contact: Contact(id: "1000000000000100"), conversation: conversation),
                    outbox: entries, processedAt: H.t0))
            for n in 1...6 { try await h.commitReply("hello \(n)", eventID: "mid-\(n)", contact: "100000000000000\(n)") }

            let report = await h.sender.sendDue(now: H.t0)

            #expect(report.outcomes.count == 9)
            #expect(report.outcomes.allSatisfy { if case .sent = $0.outcome { true } else { false } }, "\(report.outcomes)")
            let texts = h.server.requests.compactMap { $0.json?["message"]?["text"]?.stringValue }
            #expect(texts.filter { $0.hasPrefix("part") } == ["part 0", "part 1", "part 2"])
            #expect(Set(texts.filter { $0.hasPrefix("hello") }).count == 6)
            for entry in entries { #expect(try await h.row(entry.id)?.state == .sent) }
        }
    }
}
