import Foundation
import LuagramDomain

/// The decisions that need no conversation state: broadcasts are refused, everything else
/// is accepted for the policy to judge when it is sent.
public struct BasicIntentDecider: IntentDecider {
    public init() {}

    public func decide(_ intent: Intent, for event: Event, at now: Date) -> Decision {
        if case .broadcast = intent { return .refused(.broadcastNotSupported) }
        return .accepted
    }
}
