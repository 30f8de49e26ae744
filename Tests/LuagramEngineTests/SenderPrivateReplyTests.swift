import Foundation
import LuagramDomain
import LuagramEngine
import LuagramStore
import LuagramTestSupport
import Testing

@Suite("Private replies are on record as sent only when Meta accepted them")
struct SenderPrivateReplyTests {
    typealias H = SenderHarness

    static func privateReply(_ h: H, comment: String, contact: String, eventTime: Date = H.t0) async throws -> OutboxID {
        let message = OutgoingMessage(text: "Here is the link: https://shop.example/runner-x")
        return try await h.commit(
            .privateReply(message), plan: SendPlan(messagingType: .response, messages: [message]), eventKind: .comment,
            eventID: comment, contact: contact, eventTime: eventTime)
    }

    @Test("a private reply Meta accepts leaves the contact awaited until they write")
    func acceptedIsAwaited() async throws {
        try await H.run { h in
            let id = try await Self.privateReply(h, comment: "17860000000000011", contact: "c-accepted")
            guard case .sent = await h.sender.sendDue(now: H.t0)[id] else { Issue.record("not sent"); return }
            let state = try await h.store.contactState(account: H.account, contact: "c-accepted").conversation
            #expect(state.privateRepliesSent.keys.sorted() == ["17860000000000011"])
            #expect(state.awaitingUserReply)
        }
    }

    @Test("a private reply Meta refuses does not leave the contact awaited, and frees the comment")
    func failedIsNotAwaited() async throws {
        try await H.run { h in
            h.server.enqueue(.metaError(code: 551, subcode: 1_545_041, message: "This person isn't available right now."))
            let id = try await Self.privateReply(h, comment: "17860000000000012", contact: "c-failed")
            guard case .failed = await h.sender.sendDue(now: H.t0)[id] else { Issue.record("not failed"); return }
            let state = try await h.store.contactState(account: H.account, contact: "c-failed").conversation
            #expect(!state.awaitingUserReply)
            #expect(state.privateReplies.isEmpty && state.privateRepliesSent.isEmpty)
        }
    }

    @Test("a private reply that expires while it waits is refused at send time and awaits nothing")
    func expiredIsNotAwaited() async throws {
        try await H.run { h in
            let id = try await Self.privateReply(h, comment: "17860000000000013", contact: "c-expired")
            let report = await h.sender.sendDue(now: H.t0.addingTimeInterval(8 * 24 * 3600))
            #expect(report[id] == .refused(.privateReplyExpired))
            #expect(h.posts.isEmpty)
            let state = try await h.store.contactState(account: H.account, contact: "c-expired").conversation
            #expect(!state.awaitingUserReply && state.privateReplies.isEmpty)
        }
    }

    @Test("a private reply Meta rejects but calls transient is tried again")
    func transientRejectionIsRetried() async throws {
        try await H.run { h in
            h.server.enqueue(.metaError(code: 100, message: "(#100) Please retry", isTransient: true))
            let id = try await Self.privateReply(h, comment: "17860000000000014", contact: "c-retry")
            guard case .retry(let at, _) = await h.sender.sendDue(now: H.t0)[id] else { Issue.record("not retried"); return }
            guard case .sent = await h.sender.sendDue(now: at)[id] else { Issue.record("not sent on the retry"); return }
            #expect(h.posts.count == 2)
        }
    }
}
