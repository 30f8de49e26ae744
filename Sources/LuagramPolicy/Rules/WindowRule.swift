import Foundation
import LuagramDomain

/// The messaging window: RESPONSE within 24 hours of the contact's last message; from 24
/// hours to 7 days only a human agent, with MESSAGE_TAG + HUMAN_AGENT; after that nobody.
///
/// The standard window is 24 hours from the contact's last message
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api),
/// so the business' own messages never extend it. The HUMAN_AGENT tag, sent with MESSAGE_TAG,
/// lets a human answer up to 7 days after that message and is not allowed for automated
/// messages (https://developers.facebook.com/docs/messenger-platform/reference/send-api;
/// the policy, https://developers.facebook.com/documentation/business-messaging/messenger-platform/policy,
/// asks that the agent respond manually). Both windows are half-open —
/// open while now < last + length — so a send at exactly 24 h or 7 d is refused, the safe
/// side of "within", with no allowance for clock skew beyond that. With the tag turned off
/// (`PolicyLimits.humanAgentTag`) the 24 hours are the end for agents too.
enum WindowRule {
    static func messagingType(
        origin: Origin, lastUserMessageAt: Date?, at now: Date, limits: PolicyLimits
    ) throws(Refusal) -> MessagingType {
        guard let lastUserMessageAt else { throw Refusal(.outsideWindow) }
        let elapsed = now.timeIntervalSince(lastUserMessageAt)
        if elapsed < limits.standardWindow { return .response }
        guard elapsed < limits.humanAgentWindow else { throw Refusal(.outsideWindow) }
        guard origin.isHuman else { throw Refusal(.automatedOutside24h) }
        guard limits.humanAgentTag else { throw Refusal(.humanAgentDisabled) }
        return .humanAgent
    }
}
