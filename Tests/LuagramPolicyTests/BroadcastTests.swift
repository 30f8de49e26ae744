import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

@Suite("No broadcasts")
struct BroadcastTests {
    @Test("a broadcast is refused, whoever asks", arguments: [rule, agent])
    func broadcast(_ origin: Origin) {
        #expect(Policy().decide(request(.broadcast(hello), from: origin), at: t0) == .refuse(.broadcastUnsupported))
    }

    @Test(
        "a message to anyone but the event's contact is refused",
        arguments: [
            Intent.reply(hello), .followUp(seconds: 60, hello), .privateReply(hello),
        ])
    func otherContact(_ intent: Intent) {
        let decision = Policy().decide(request(intent, answering: comment(), to: "9999999999999999", conversation: wrote(at: t0)), at: t0)
        #expect(decision == .refuse(.broadcastUnsupported))
    }
}
