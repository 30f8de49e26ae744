import Foundation
import LuagramDomain

/// The decisions that need no conversation state: broadcasts are refused, messages go out
/// as they are with `RESPONSE`, and state changes are applied. The policy engine replaces
/// it where conversation state is known.
public struct BasicIntentDecider: IntentDecider {
    public init() {}

    public func decide(_ intent: Intent, for event: Event, at now: Date) -> Decision {
        switch intent {
        case .broadcast:
            .refuse(.broadcastUnsupported)
        case .reply(let message), .privateReply(let message), .followUp(_, let message):
            .send(SendPlan(messagingType: .response, messages: [message]))
        case .handoff, .tag, .untag, .setValue:
            .accept
        }
    }
}
