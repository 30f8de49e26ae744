import Foundation
import Logging
import LuagramDomain
import LuagramPolicy

extension OutboxSender {
    /// Takes back the limits an earlier process saved, once, before the first call: the
    /// private replies of the last hour and a throttle pause still running. False while
    /// they cannot be read: then nothing is sent, as a call during Meta's block extends it.
    func restoreRates(at now: Date) async -> Bool {
        guard let rateStore, !ratesRestored else { return true }
        let saved: [String: SavedRateState]
        do {
            saved = try await rateStore.savedRateStates()
        } catch {
            logger.error("cannot read the saved rate limits; nothing is sent until they are", metadata: ["error": "\(error)"])
            return false
        }
        for (account, record) in saved {
            var state = pacing.knows(account) ? pacing.limiter(of: account).state : RateState()
            // Restored before any call, so the log in memory is empty; several calls may share
            // an instant, so the logs are not merged as sets.
            if (state.calls[.privateReply] ?? []).isEmpty { state.calls[.privateReply] = record.state.calls[.privateReply] }
            state.pausedUntil = [state.pausedUntil, record.state.pausedUntil].compactMap { $0 }.max()
            state.consecutiveThrottles = max(state.consecutiveThrottles, record.state.consecutiveThrottles)
            pacing.setState(state, of: account)
            if let until = record.state.pausedUntil, until > now, pauses[account] == nil {
                pauses[account] = AccountPause(
                    account: account, reason: .throttled, since: record.pausedSince ?? now, until: until,
                    failure: record.pauseFailure ?? SendFailure(code: nil, message: "throttled before a restart"))
                logger.warning(
                    "account still throttled from before the restart: its sends stay paused",
                    metadata: ["account": "\(account)", "until": "\(until)"])
            }
        }
        savedRates = saved
        ratesRestored = true
        return true
    }

    /// The accounts `matching` come to this node from another (a cluster's sending slot
    /// changed hands): what this node remembers of their limits may be stale, so it is
    /// dropped, and the saved limits — the private replies the other node sent this hour, a
    /// throttle pause — are read again before the next call.
    public func takeOver(accounts matching: @Sendable (String) -> Bool) {
        pacing.forget(where: matching)
        savedRates = savedRates.filter { !matching($0.key) }
        pauses = pauses.filter { account, pause in !(matching(account) && pause.reason == .throttled) }
        ratesRestored = false
    }

    /// Saves the limits that changed since they were last saved; one write, and none at all
    /// in the usual round (no private reply, no throttle).
    func saveRates(at now: Date) async {
        guard let rateStore else { return }
        var changed: [String: SavedRateState] = [:]
        for (account, _) in pacing.states {
            let limiter = pacing.limiter(of: account)
            let record = savable(account: account, limiter: limiter, at: now)
            if savedRates[account] ?? SavedRateState(state: RateState()) != record { changed[account] = record }
        }
        guard !changed.isEmpty else { return }
        do {
            try await rateStore.saveRateStates(changed, at: now)
            savedRates.merge(changed) { $1 }
        } catch {
            // tried again after the next round: the limits in memory still hold meanwhile
            logger.error("cannot save the rate limits", metadata: ["error": "\(error)"])
        }
    }

    /// What of an account's limiter outlives the process.
    private func savable(account: String, limiter: RateLimiter, at now: Date) -> SavedRateState {
        let window = configuration.rateLimits[.privateReply].per
        let calls = (limiter.state.calls[.privateReply] ?? []).filter { $0.addingTimeInterval(window) > now }
        let pausedUntil = limiter.state.pausedUntil.flatMap { $0 > now ? $0 : nil }
        let pause = pausedUntil == nil ? nil : pauses[account].flatMap { $0.reason == .throttled ? $0 : nil }
        return SavedRateState(
            state: RateState(
                calls: calls.isEmpty ? [:] : [.privateReply: calls], pausedUntil: pausedUntil,
                consecutiveThrottles: limiter.state.consecutiveThrottles),
            pausedSince: pause?.since, pauseFailure: pause?.failure)
    }
}
