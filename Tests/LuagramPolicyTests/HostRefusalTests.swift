import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// Sends the host refuses whoever asks (issue 12, item 4), as pure decisions.
@Suite("Host refusals: own comments, standby threads, dashboard samples")
struct HostRefusalTests {
    @Test func aPrivateReplyToTheAccountsOwnCommentIsRefused() {
        var own = comment()
        own.fields[EventFlag.fromSelf] = true
        #expect(Policy().decide(request(.privateReply(hello), answering: own), at: t0) == .refuse(.privateReplyOwnComment))

        var byAccount = comment()
        byAccount.contact = Contact(id: byAccount.account)
        let decision = Policy().decide(request(.privateReply(hello), answering: byAccount, to: byAccount.account), at: t0)
        #expect(decision == .refuse(.privateReplyOwnComment))
    }

    @Test func aPrivateReplyToSomeoneElsesCommentStillGoes() {
        #expect(Policy().decide(request(.privateReply(hello), answering: comment()), at: t0).messages == [hello])
    }

    @Test func aReplyIntoAThreadInStandbyIsRefusedForRulesAndAgents() {
        var conversation = wrote(at: t0)
        conversation.threadControl = ThreadControl(inStandby: true, since: t0 + second)
        for origin in [rule, agent] {
            let decision = Policy().decide(request(.reply(hello), from: origin, conversation: conversation), at: t0 + 2 * second)
            #expect(decision == .refuse(.threadInStandby))
        }
    }

    @Test func anEventArrivingInStandbyPutsTheThreadInStandbyForItsOwnReply() {
        let standby = EventBuilder.message(fields: [EventFlag.standby: true], time: t0)
        #expect(Policy().decide(request(.reply(hello), answering: standby), at: t0) == .refuse(.threadInStandby))
    }

    @Test func aMessageInMessagingAgainOrPassThreadControlGivesTheThreadBack() {
        var conversation = ConversationState()
        conversation.noteThreadControl(EventBuilder.message(fields: [EventFlag.standby: true], time: t0).threadControl)
        #expect(conversation.isInStandby)
        var handedBack = conversation
        handedBack.noteThreadControl(EventBuilder.message(time: t0 + second).threadControl)
        #expect(!handedBack.isInStandby)
        var passed = conversation
        var pass = EventBuilder.event(.unknown, fields: ["type": "pass_thread_control"])
        pass.time = t0 + second
        passed.noteThreadControl(pass.threadControl)
        #expect(!passed.isInStandby)
        // an older event arriving late does not overturn what a newer one said
        var late = handedBack
        late.noteThreadControl(EventBuilder.message(fields: [EventFlag.standby: true], time: t0 - second).threadControl)
        #expect(!late.isInStandby)
        // comments say nothing about the thread
        #expect(comment(at: t0 + 2 * second).threadControl == nil)
    }

    @Test func repliesAndPrivateRepliesToDashboardSamplesAreRefused() {
        let sample = EventBuilder.message(fields: [EventFlag.test: true], time: t0)
        #expect(Policy().decide(request(.reply(hello), answering: sample), at: t0) == .refuse(.testPayload))
        #expect(
            Policy().decide(request(.followUp(seconds: 60, hello), answering: sample), at: t0) == .refuse(.testPayload))
        var sampleComment = comment()
        sampleComment.fields[EventFlag.test] = true
        #expect(Policy().decide(request(.privateReply(hello), answering: sampleComment), at: t0) == .refuse(.testPayload))
    }
}
