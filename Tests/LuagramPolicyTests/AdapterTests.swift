import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

@Suite("The policy as the rules' decider")
struct AdapterTests {
    @Test("it decides with the state it was given, as a rule")
    func usesContext() {
        let decider = PolicyDecider(context: PolicyContext(conversation: ConversationState(lastUserMessageAt: t0 - 2 * day)))
        // The reaction does not open the window; the stored message is two days old.
        #expect(decider.decide(.reply(hello), for: EventBuilder.event(.reaction), at: t0) == .refuse(.automatedOutside24h))
        #expect(decider.decide(.reply(hello), for: dm(), at: t0) == response())
        #expect(decider.decide(.broadcast(hello), for: dm(), at: t0) == .refuse(.broadcastUnsupported))
        #expect(decider.decide(.tag("vip"), for: dm(), at: t0) == .accept)
    }

    @Test("it sees a handoff in its state")
    func handoff() {
        let decider = PolicyDecider(context: PolicyContext(conversation: ConversationState(handoff: HandoffState(startedAt: t0 - hour))))
        #expect(decider.decide(.reply(hello), for: dm(), at: t0) == .refuse(.humanHandoff))
    }

    @Test("later intents of the event see the private reply it allowed")
    func remembersPrivateReplies() {
        let decider = PolicyDecider()
        let comment = comment(at: t0)
        guard case .send = decider.decide(.privateReply(hello), for: comment, at: t0) else {
            Issue.record("the first private reply should be sent")
            return
        }
        #expect(decider.decide(.privateReply(hello), for: comment, at: t0) == .refuse(.privateReplyAlreadySent))
        #expect(decider.context.conversation.privateReplies[comment.id] == t0)
    }
}

@Suite("Reason codes")
struct ReasonCodeTests {
    @Test("every reason the issue names exists with its stable code")
    func codes() {
        let named = [
            "automated_outside_24h", "outside_window", "private_reply_needs_comment", "private_reply_already_sent",
            "private_reply_expired", "awaiting_user_reply", "broadcast_unsupported", "text_too_long",
            "invalid_quick_replies", "empty_message", "human_handoff",
        ]
        for code in named { #expect(ReasonCode(rawValue: code) != nil, "missing \(code)") }
    }

    @Test("every reason is explained in one sentence", arguments: ReasonCode.allCases)
    func explained(_ code: ReasonCode) {
        let text = code.explanation
        #expect(text.first?.isUppercase == true)
        #expect(text.hasSuffix("."))
        #expect(text.dropLast().contains(". ") == false)
        #expect(code.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" })
    }
}

@Suite("Conversation state")
struct ConversationStateTests {
    @Test("only window-opening events move the last message time, and never backwards")
    func noteInbound() {
        var state = ConversationState()
        state.noteInbound(comment(at: t0))
        #expect(state.lastUserMessageAt == nil)
        state.noteInbound(dm(at: t0 + hour))
        state.noteInbound(dm(at: t0))
        #expect(state.lastUserMessageAt == t0 + hour)
    }

    @Test("a private reply Meta accepted leaves the contact awaited until they write after the comment")
    func awaiting() {
        var state = ConversationState(lastUserMessageAt: t0)
        #expect(!state.awaitingUserReply)
        state.notePrivateReply(toComment: "c1", at: t0 + 1)
        #expect(!state.awaitingUserReply)
        state.notePrivateReplySent(toComment: "c1", commentedAt: t0 + 1)
        #expect(state.awaitingUserReply)
        state.noteInbound(dm(at: t0 + 2))
        #expect(!state.awaitingUserReply)
    }
}
