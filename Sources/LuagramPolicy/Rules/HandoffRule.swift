import Foundation
import LuagramDomain

/// While a human has the conversation, rules stay silent; agents may write.
///
/// Luagram's own rule, in the spirit of instagram-platform.md §4.2: apps must offer an
/// escalation path to a human [S32][S31], and a bot talking over the agent would break it.
/// The handoff ends when released or after `PolicyLimits.handoffTimeout` without activity.
enum HandoffRule {
    static func check(origin: Origin, handoff: HandoffState?, at now: Date, limits: PolicyLimits) throws(Refusal) {
        guard !origin.isHuman, let handoff, handoff.isActive(at: now, timeout: limits.handoffTimeout) else { return }
        throw Refusal(.humanHandoff)
    }
}
