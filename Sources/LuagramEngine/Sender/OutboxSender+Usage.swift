import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

extension OutboxSender {
    /// A successful answer said the account is close to Meta's limits: its sends pause as
    /// `UsageBrake` says, before Meta throttles it. The pause is an ordinary throttle pause
    /// to the rest of the sender (shown, saved across a restart, ended by `resume`).
    func brake(_ account: String, usage: MetaUsage, at now: Date) {
        guard let seconds = UsageBrake.pause(for: usage, limits: configuration.rateLimits) else { return }
        guard case .wait(let until, _) = pacing.update(account, { $0.recordUsagePause(until: now.addingTimeInterval(seconds)) }) else {
            return
        }
        if let current = pauses[account], current.isActive(at: now), current.until.map({ $0 >= until }) ?? true { return }
        let failure = SendFailure(
            code: nil, message: "Meta's usage headers report \(usage.percent) % of the limits used: paused before Meta throttles")
        pauses[account] = AccountPause(account: account, reason: .throttled, since: now, until: until, failure: failure)
        logger.warning(
            "the account is close to Meta's limits: its sends pause",
            metadata: ["account": "\(account)", "usage_percent": "\(usage.percent)", "until": "\(until)"])
    }
}
