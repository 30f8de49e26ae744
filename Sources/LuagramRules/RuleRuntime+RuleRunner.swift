import Foundation
import LuagramDomain

extension RuleRuntime: RuleRunner {
    public func run(_ event: Event, at now: Date, decider: any IntentDecider) -> RuleRun {
        let result = dispatch(event, at: now, decider: decider)
        return RuleRun(intents: result.intents, contact: result.contact, failures: result.failures.map(\.description))
    }
}
