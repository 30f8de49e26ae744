import Foundation
import LuagramDomain
import LuagramEngine
import LuagramStore
import LuagramTestSupport
import Testing

/// What goes to Meta and what the outbox records: sends, refusals at send time, failures,
/// retries, private replies, resumed plans and dry runs.
@Suite("Sender delivery")
struct SenderDeliveryTests {
    typealias H = SenderHarness

    @Test("a due reply is sent once with the exact Send API body and marked sent with Meta's id")
    func dueReplyIsSentOnce() async throws {
        try await H.run { h in
            h.server.enqueue(.success(messageID: "aWdfZAG1meta-mid-1"))
            let id = try await h.commitReply("Thanks for writing! We ship to Lisbon in 2-3 days.")

            let report = await h.sender.sendDue(now: H.t0)
            let again = await h.sender.sendDue(now: H.t0.addingTimeInterval(60))

            #expect(report[id] == .sent(messageIDs: ["aWdfZAG1meta-mid-1"]))
            #expect(again.claimed == 0)
            let requests = h.server.requests
            try #require(requests.count == 1)
            #expect(requests[0].path == "/v25.0/\(H.account)/messages")
            #expect(
                requests[0].bodyText
                    == #"{"message":{"text":"Thanks for writing! We ship to Lisbon in 2-3 days."},"messaging_type":"RESPONSE","recipient":{"id":"1284567890123456"}}"#
            )
            let row = try #require(try await h.row(id))
            #expect(row.state == .sent)
            #expect(row.partsSent == 1)
            let message = try #require(try await h.store.message(mid: "aWdfZAG1meta-mid-1"))
            #expect(message.status == .sent)
            #expect(await h.sender.counters.sent == 1)
        }
    }

    @Test(
        "a follow-up due after the window closed is refused with the reason and nothing is posted",
        arguments: [
            (25.0 * 3600, ReasonCode.automatedOutside24h),
            (8.0 * 86400, ReasonCode.outsideWindow),
        ])
    func lateFollowUpIsRefused(sentAfter: TimeInterval, reason: ReasonCode) async throws {
        try await H.run { h in
            // Due 23 h after the contact wrote (inside the window), but the sender only gets
            // to it later, after the window has closed.
            let message = OutgoingMessage(text: "Still thinking about the blue dress?")
            let id = try await h.commit(
                .followUp(seconds: 23 * 3600, message), plan: nil, dueAt: H.t0.addingTimeInterval(23 * 3600))

            let report = await h.sender.sendDue(now: H.t0.addingTimeInterval(sentAfter))

            #expect(report[id] == .refused(reason))
            #expect(h.server.requests.isEmpty)
            let row = try #require(try await h.row(id))
            #expect(row.state == .refused)
            #expect(row.refusal == reason)
            #expect(await h.sender.counters.refused == 1)
        }
    }

    @Test("a follow-up due inside the window gets its plan at send time and is sent")
    func dueFollowUpIsPlannedAndSent() async throws {
        try await H.run { h in
            let message = OutgoingMessage(text: "Still thinking about the blue dress?")
            let due = H.t0.addingTimeInterval(3600)
            let id = try await h.commit(.followUp(seconds: 3600, message), plan: nil, dueAt: due)

            let early = await h.sender.sendDue(now: due.addingTimeInterval(-1))
            let report = await h.sender.sendDue(now: due)

            #expect(early.claimed == 0)
            guard case .sent = report[id] else { Issue.record("not sent: \(String(describing: report[id]))"); return }
            #expect(h.server.requests.count == 1)
            let row = try #require(try await h.row(id))
            #expect(row.entry.plan == SendPlan(messagingType: .response, messages: [message]))
            #expect(row.state == .sent)
        }
    }

    @Test("a 5xx is retried with backoff and jitter, then the reply is sent once")
    func serverErrorIsRetried() async throws {
        try await H.run { h in
            h.server.enqueue(.status(500, text: "upstream error"), .success(messageID: "aWdfZAG1after-retry"))
            let id = try await h.commitReply("Our store opens at 10.")

            let first = await h.sender.sendDue(now: H.t0)
            // retryBase 30 s, first attempt, jitter 0.5: 15 + 0.5 × 15.
            let retryAt = H.t0.addingTimeInterval(22.5)
            guard case .retry(let at, let failure) = first[id] else { Issue.record("no retry: \(String(describing: first[id]))"); return }
            #expect(at == retryAt)
            #expect(failure.code == nil)
            let pending = try #require(try await h.row(id))
            #expect(pending.state == .pending)
            #expect(pending.nextAttemptAt == retryAt)

            #expect(await h.sender.sendDue(now: retryAt.addingTimeInterval(-1)).claimed == 0)
            let second = await h.sender.sendDue(now: retryAt)

            #expect(second[id] == .sent(messageIDs: ["aWdfZAG1after-retry"]))
            #expect(h.server.requests.count == 2)
            #expect(try await h.row(id)?.state == .sent)
            let counters = await h.sender.counters
            #expect(counters.retried == 1)
            #expect(counters.sent == 1)
            #expect(counters.messagesSent == 1)
        }
    }

    @Test("transient failures become final after the maximum attempts")
    func retriesRunOut() async throws {
        try await H.run(configuration: SenderConfiguration(maxAttempts: 2)) { h in
            h.server.enqueue(.status(503), .metaError(code: 2, message: "An unexpected error has occurred.", status: 500))
            let id = try await h.commitReply("Hello!")

            _ = await h.sender.sendDue(now: H.t0)
            let last = await h.sender.sendDue(now: H.t0.addingTimeInterval(3600))

            guard case .failed(let failure) = last[id] else { Issue.record("not failed: \(String(describing: last[id]))"); return }
            #expect(failure.code == 2)
            #expect(try await h.row(id)?.state == .failed)
            #expect(h.server.requests.count == 2)
        }
    }

    @Test("an outside-window error 10/2534022 fails the row with Meta's code and is not retried")
    func outsideWindowErrorFails() async throws {
        try await H.run { h in
            h.server.enqueue(
                .metaError(code: 10, subcode: 2_534_022, message: "(#10) This message is sent outside of allowed window."))
            let id = try await h.commitReply("Hello again!")

            let report = await h.sender.sendDue(now: H.t0)
            let later = await h.sender.sendDue(now: H.t0.addingTimeInterval(86400))

            let expected = SendFailure(code: 10, subcode: 2_534_022, message: "(#10) This message is sent outside of allowed window.")
            #expect(report[id] == .failed(expected))
            #expect(later.claimed == 0)
            let row = try #require(try await h.row(id))
            #expect(row.state == .failed)
            #expect(row.lastFailure == expected)
            #expect(h.server.requests.count == 1)
            #expect(await h.sender.pausedAccounts(at: H.t0).isEmpty)
        }
    }

    @Test("a private reply goes to the comment's id without a messaging type")
    func privateReplyGoesToComment() async throws {
        try await H.run { h in
            let message = OutgoingMessage(text: "Hi! Here's the link you asked for: https://shop.example.com/runner-x")
            let id = try await h.commit(
                .privateReply(message), plan: SendPlan(messagingType: .response, messages: [message]), eventKind: .comment,
                eventID: "17867301270000000")

            let report = await h.sender.sendDue(now: H.t0.addingTimeInterval(60))

            guard case .sent = report[id] else { Issue.record("not sent: \(String(describing: report[id]))"); return }
            let requests = h.server.requests
            try #require(requests.count == 1)
            #expect(
                requests[0].bodyText
                    == #"{"message":{"text":"Hi! Here's the link you asked for: https://shop.example.com/runner-x"},"recipient":{"comment_id":"17867301270000000"}}"#
            )
        }
    }

    @Test("a two-part plan resumes at the second part after a failure")
    func twoPartPlanResumes() async throws {
        try await H.run { h in
            h.server.enqueue(.success(messageID: "mid-part-1"), .status(503), .success(messageID: "mid-part-2"))
            let parts = [OutgoingMessage(text: "The blue dress is 49 €."), OutgoingMessage(text: "Sizes S to XL are in stock.")]
            let id = try await h.commit(
                .reply(OutgoingMessage(text: parts.compactMap(\.text).joined(separator: " "))),
                plan: SendPlan(messagingType: .response, messages: parts, conversions: [.textSplit(parts: 2)]))

            let first = await h.sender.sendDue(now: H.t0)
            guard case .retry(let at, _) = first[id] else { Issue.record("no retry: \(String(describing: first[id]))"); return }
            #expect(try await h.row(id)?.partsSent == 1)
            let second = await h.sender.sendDue(now: at)

            #expect(second[id] == .sent(messageIDs: ["mid-part-2"]))
            let texts = h.server.requests.map(\.bodyText)
            #expect(texts.count == 3)
            #expect(texts.filter { $0.contains("The blue dress is 49 €.") }.count == 1)
            #expect(texts.last?.contains("Sizes S to XL are in stock.") == true)
            let row = try #require(try await h.row(id))
            #expect(row.state == .sent)
            #expect(row.partsSent == 2)
        }
    }

    @Test("with no access token configured nothing is posted and rows complete as dry-run")
    func dryRunPostsNothing() async throws {
        try await H.run(dryRun: true) { h in
            let id = try await h.commitReply("Hello from the dry run")

            let report = await h.sender.sendDue(now: H.t0)

            #expect(h.sender.isDryRun)
            #expect(report[id] == .dryRun(parts: 1))
            #expect(h.server.requests.isEmpty)
            let row = try #require(try await h.row(id))
            #expect(row.state == .dryRun)
            #expect(await h.sender.counters.dryRun == 1)
        }
    }

    @Test("rows committed as a simulation are never posted, even with a token")
    func simulatedRowsAreNotPosted() async throws {
        try await H.run { h in
            let message = OutgoingMessage(text: "Simulated")
            let id = try await h.commit(.reply(message), plan: SendPlan(messagingType: .response, messages: [message]), dryRun: true)

            let report = await h.sender.sendDue(now: H.t0)

            #expect(report[id] == .dryRun(parts: 1))
            #expect(h.server.requests.isEmpty)
            #expect(try await h.row(id)?.dryRun == true)
            #expect(try await h.row(id)?.state == .dryRun)
        }
    }
}
