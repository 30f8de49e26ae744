import Foundation
import LuagramDomain
import LuagramEngine
import LuagramTestSupport
import Testing

/// Private replies to live comments go only while the live is on.
@Suite("Sender and lives")
struct SenderLiveTests {
    typealias H = SenderHarness
    static let media = "17900000000000001"

    func commitLiveReply(_ h: H, comment: String, knownMedia: Bool = true) async throws -> OutboxID {
        try await h.commit(
            .privateReply(OutgoingMessage(text: "Here's your code: LIVE10")),
            plan: SendPlan(messagingType: .response, messages: [OutgoingMessage(text: "Here's your code: LIVE10")]),
            eventKind: .liveComment, eventID: comment,
            inbound: knownMedia ? .comment(id: comment, mediaID: Self.media, text: "code please", at: H.t0) : nil)
    }

    @Test("a private reply to a live comment goes while the live is on, and is refused expired once it has ended")
    func onlyDuringTheLive() async throws {
        try await H.run(asksLives: true) { h in
            h.server.setLive([Self.media])
            let during = try await commitLiveReply(h, comment: "17870000000000001")
            guard case .sent? = await h.sender.sendDue(now: H.t0)[during] else {
                Issue.record("the reply during the live was not sent")
                return
            }
            #expect(h.posts.count == 1)

            h.server.setLive([])
            let after = try await commitLiveReply(h, comment: "17870000000000002")
            // the live status is kept 15 s: a later round asks again
            let report = await h.sender.sendDue(now: H.t0.addingTimeInterval(30))
            #expect(report[after] == .refused(.privateReplyExpired))
            #expect(h.posts.count == 1)
        }
    }

    @Test("when the comment's media is not known, the reply is tried and Meta's answer decides")
    func unknownMediaTries() async throws {
        try await H.run(asksLives: true) { h in
            h.server.setLive([])
            let id = try await commitLiveReply(h, comment: "17870000000000003", knownMedia: false)
            guard case .sent? = await h.sender.sendDue(now: H.t0)[id] else {
                Issue.record("not tried")
                return
            }
            #expect(!h.server.requests.contains { $0.path.hasSuffix("/live_media") })
        }
    }
}
