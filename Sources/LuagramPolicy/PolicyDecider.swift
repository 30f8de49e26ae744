import Foundation
import LuagramDomain
import Synchronization

/// The policy deciding the intents rules record while they handle one event.
///
/// The host makes one for each event, with what it knows then (the contact's conversation,
/// the account's rate state, what it learned about attachment URLs). It remembers what it
/// allowed, so later intents of the same event see earlier ones: after a private reply, a
/// reply in the conversation waits for the contact (`awaiting_user_reply`), and a second
/// private reply to the same comment is refused.
///
/// Intents reaching an `IntentDecider` come from rules, so they are decided as automated;
/// human agents' intents go to `Policy.decide(_:at:)` with an `.agent` origin.
public final class PolicyDecider: IntentDecider {
    public let policy: Policy
    private let state: Mutex<PolicyContext>

    public init(policy: Policy = Policy(), context: PolicyContext = PolicyContext()) {
        self.policy = policy
        self.state = Mutex(context)
    }

    /// The context as the decisions so far have left it.
    public var context: PolicyContext { state.withLock { $0 } }

    /// Only "a rule, not an agent" matters to the policy, and the protocol does not say
    /// which rule is asking.
    static let ruleOrigin = Origin.rule(file: "", line: 0, handler: "")

    public func decide(_ intent: Intent, for event: Event, at now: Date) -> Decision {
        state.withLock { context in
            let decision = policy.decide(
                PolicyRequest(intent: intent, origin: Self.ruleOrigin, event: event, context: context), at: now)
            if case .privateReply = intent, case .send = decision {
                context.conversation.notePrivateReply(toComment: event.id, at: now)
                // For the rest of this event only: a message right behind the private reply
                // would reach the contact before they could answer it. The store records
                // the reply as sent only once Meta accepts it.
                context.conversation.notePrivateReplySent(toComment: event.id, commentedAt: event.time)
            }
            return decision
        }
    }
}
