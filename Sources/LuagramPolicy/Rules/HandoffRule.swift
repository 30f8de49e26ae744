import Foundation
import LuagramDomain

/// While a human has the conversation, rules stay silent; agents may write.
///
/// Luagram's own rule, in the spirit of Meta's: apps must offer an escalation path to a human
/// (https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/human-agent-escalation),
/// and a bot talking over the agent would break it.
/// The handoff ends when released or after `PolicyLimits.handoffTimeout` without activity.
enum HandoffRule {
    static func check(origin: Origin, handoff: HandoffState?, at now: Date, limits: PolicyLimits) throws(Refusal) {
        guard !origin.isHuman, let handoff, handoff.isActive(at: now, timeout: limits.handoffTimeout) else { return }
        throw Refusal(.humanHandoff)
    }
}
