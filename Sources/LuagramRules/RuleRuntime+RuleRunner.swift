import Foundation
import LuagramDomain

extension RuleRuntime: RuleRunner {
    public func run(_ event: Event, at now: Date, decider: any IntentDecider) -> RuleRun {
        let result = dispatch(event, at: now, decider: decider)
        return RuleRun(intents: result.intents, contact: result.contact, failures: result.failures.map(\.description))
    }

    public func reloadRulesIfChanged(force: Bool, now: Date) -> String? {
        let outcome: ReloadOutcome? = reloadIfChanged(force: force, now: now)
        return outcome?.description
    }
}
