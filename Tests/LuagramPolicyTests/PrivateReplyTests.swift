import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// One row of the private-reply table.
struct PrivateReplyCase: Sendable, CustomTestStringConvertible {
    var label: String
    var event: Event
    var conversation: ConversationState = ConversationState()
    var liveBroadcastEnded = false
    var elapsed: TimeInterval = second
    var expected: Decision

    var testDescription: String { label }
}

@Suite("Private replies")
struct PrivateReplyTests {
    static let thanks = OutgoingMessage(text: "Hi Jane! Here's the link: https://shop.example.com/runner-x")
    static let sent = response(thanks)

    static let cases: [PrivateReplyCase] = [
        PrivateReplyCase(label: "the first private reply to a comment is sent", event: comment(), expected: sent),
        PrivateReplyCase(label: "a private reply at 7 d − 1 s is sent", event: comment(), elapsed: 7 * day - second, expected: sent),
        PrivateReplyCase(label: "a private reply at exactly 7 d has expired", event: comment(), elapsed: 7 * day, expected: .refuse(.privateReplyExpired)),
        PrivateReplyCase(label: "a private reply at 7 d + 1 s has expired", event: comment(), elapsed: 7 * day + second, expected: .refuse(.privateReplyExpired)),
        PrivateReplyCase(
            label: "a second private reply to the same comment is refused", event: comment(),
            conversation: ConversationState(privateReplies: ["17858893269000001": t0 + second]), elapsed: hour,
            expected: .refuse(.privateReplyAlreadySent)),
        PrivateReplyCase(
            label: "another comment of the same contact gets its own private reply", event: comment(id: "17858893269000002"),
            conversation: ConversationState(privateReplies: ["17858893269000001": t0 - hour]), expected: sent),
        PrivateReplyCase(label: "a private reply on a message is refused", event: dm(), expected: .refuse(.privateReplyNeedsComment)),
        PrivateReplyCase(label: "a private reply on a reaction is refused", event: EventBuilder.event(.reaction), expected: .refuse(.privateReplyNeedsComment)),
        PrivateReplyCase(label: "a live comment is answered while the video is live", event: comment(kind: .liveComment), expected: sent),
        PrivateReplyCase(
            label: "a live comment is not answered once the video ended", event: comment(kind: .liveComment), liveBroadcastEnded: true,
            expected: .refuse(.privateReplyExpired)),
    ]

    @Test("private replies answer a comment once, within 7 days", arguments: cases)
    func privateReply(_ row: PrivateReplyCase) {
        let req = request(
            .privateReply(Self.thanks), answering: row.event, conversation: row.conversation, liveBroadcastEnded: row.liveBroadcastEnded)
        #expect(Policy().decide(req, at: row.event.time + row.elapsed) == row.expected)
    }

    @Test("a private reply carries an image or a file as a link on its own line, in one message")
    func privateReplyAttachmentsAsLinks() {
        let message = OutgoingMessage(text: "Here you go", image: "https://cdn.example.com/chart.png", file: "https://cdn.example.com/terms.pdf")
        let info = ["https://cdn.example.com/chart.png": AttachmentInfo(contentType: "image/png", byteSize: 1000)]
        let decision = Policy().decide(request(.privateReply(message), answering: comment(), attachments: info), at: t0)
        #expect(decision.messages == [OutgoingMessage(text: "Here you go\nhttps://cdn.example.com/chart.png\nhttps://cdn.example.com/terms.pdf")])
        #expect(decision.conversions?.count == 2)
    }

    @Test("a private reply is never split: 1001 bytes are refused")
    func privateReplyNotSplit() {
        let decision = Policy().decide(request(.privateReply(OutgoingMessage(text: String(repeating: "ab ", count: 333) + "ab")), answering: comment()), at: t0)
        #expect(decision == .refuse(.textTooLong))
    }

    @Test("a private reply does not open the window: a message after it, before the contact wrote, is refused", arguments: [rule, agent])
    func nothingAfterPrivateReply(_ origin: Origin) {
        // The contact wrote a DM an hour earlier, then commented; the comment got a private reply.
        let conversation = ConversationState(
            lastUserMessageAt: t0 - hour, privateReplies: ["17858893269000001": t0 + second],
            privateRepliesSent: ["17858893269000001": t0])
        let laterComment = comment(at: t0 + 2 * second, id: "17858893269000002")
        let decision = Policy().decide(request(.reply(hello), from: origin, answering: laterComment, conversation: conversation), at: t0 + 3 * second)
        #expect(decision == .refuse(.awaitingUserReply))
    }

    @Test("once the contact writes after the private reply, messages go again")
    func contactWroteAfterPrivateReply() {
        let conversation = ConversationState(privateReplies: ["17858893269000001": t0], privateRepliesSent: ["17858893269000001": t0])
        let answer = dm(at: t0 + hour)
        #expect(Policy().decide(request(.reply(hello), answering: answer, conversation: conversation), at: t0 + hour + second) == response())
    }

    @Test("a contact's message at the very instant of the comment does not count as an answer")
    func sameInstantIsNoAnswer() {
        let conversation = ConversationState(lastUserMessageAt: t0, privateReplies: ["c1": t0], privateRepliesSent: ["c1": t0])
        #expect(conversation.awaitingUserReply)
    }

    @Test("a DM written after the comment is an answer even when the private reply was decided and sent much later")
    func backlogComparesMetaTimes() {
        // comment at t0, the contact's DM at t0 + 5 min, the reply decided and sent an hour later
        let conversation = ConversationState(
            lastUserMessageAt: t0 + 300, privateReplies: ["c1": t0 + hour], privateRepliesSent: ["c1": t0])
        #expect(!conversation.awaitingUserReply)
        let answer = dm(at: t0 + 300)
        #expect(Policy().decide(request(.reply(hello), answering: answer, conversation: conversation), at: t0 + hour + second) == response())
    }

    @Test("a private reply only decided, not yet accepted by Meta, leaves the contact free")
    func decidedIsNotAwaited() {
        let conversation = ConversationState(lastUserMessageAt: t0 - hour, privateReplies: ["c1": t0])
        #expect(!conversation.awaitingUserReply)
    }

    @Test("a private reply carries text only: its quick replies are left off, and the plan says why")
    func privateReplyDropsQuickReplies() {
        let message = OutgoingMessage(text: "Here is the link", quickReplies: [QuickReply(title: "Thanks", payload: "T")])
        let decision = Policy().decide(request(.privateReply(message), answering: comment()), at: t0)
        guard case .send(let plan) = decision else {
            Issue.record("not sent: \(decision)")
            return
        }
        #expect(plan.messages == [OutgoingMessage(text: "Here is the link")])
        #expect(plan.conversions == [.quickRepliesDropped(count: 1, why: "a private reply carries text only")])
    }
}
