import Foundation
import LuagramDomain
import LuagramPolicy

/// Each account's pacing: its rate limiter (Meta's limits per rate class, the throttle
/// backoff) and the slot promised to the last row that had to wait. A value with the time
/// passed in, so the sender's pacing is tested without a store or a network.
///
/// Rows are served in the order they come: a row that arrives while others wait queues
/// behind the rows already promised a slot (even if one is open this instant), and each row
/// that waits is promised the next slot to open after the last one promised, so a full
/// class serves its backlog in order instead of all of it coming due at every opening.
public struct AccountPacing: Sendable {
    public let limits: RateLimits
    private var limiters: [String: RateLimiter] = [:]
    private var promised: [String: SlotPromise] = [:]

    public init(limits: RateLimits) {
        self.limits = limits
    }

    /// The account's limiter as it stands.
    public func limiter(of account: String) -> RateLimiter {
        limiters[account] ?? RateLimiter(limits: limits)
    }

    /// The accounts with a limiter, and its state (what is saved across a restart).
    public var states: [(account: String, state: RateState)] {
        limiters.map { ($0.key, $0.value.state) }
    }

    /// Nil when a row of the account may take a slot of `rateClass` now (the slot is taken);
    /// else until when it waits, and why. `fresh`: the row's first try since it came due.
    public mutating func takeSlot(account: String, _ rateClass: RateClass, fresh: Bool, at now: Date) -> (Date, DeferralReason)? {
        let key = account + "\u{0}" + rateClass.rawValue
        let queued = promised[key].flatMap { $0.time > now ? $0 : nil }
        if !fresh || queued == nil {
            switch update(account, { $0.acquire(rateClass, at: now) }) {
            case .proceed: return nil
            case .wait(let until, .accountThrottled): return (until, .accountThrottled)
            case .wait: break
            }
        }
        // A row that waited before and still finds no slot (rare) takes the next to open.
        let slot = limiter(of: account).nextOpening(rateClass, after: fresh ? queued : nil, at: now)
        if fresh || slot.time > promised[key]?.time ?? .distantPast { promised[key] = slot }
        return (slot.time, .rateLimited)
    }

    /// Changes the account's limiter (a throttle, a success, a usage pause, a restored state).
    public mutating func update<T>(_ account: String, _ change: (inout RateLimiter) -> T) -> T {
        var limiter = limiter(of: account)
        let result = change(&limiter)
        limiters[account] = limiter
        return result
    }

    /// Replaces the account's state (taken back after a restart, or a pause ended by hand).
    public mutating func setState(_ state: RateState, of account: String) {
        limiters[account] = RateLimiter(limits: limits, state: state)
    }

    /// Drops what is known of the accounts `matching`, promised slots included: another node
    /// sent for them meanwhile, so their saved state is read again.
    public mutating func forget(where matching: (String) -> Bool) {
        limiters = limiters.filter { !matching($0.key) }
        promised = promised.filter { key, _ in !matching(String(key.prefix { $0 != "\u{0}" })) }
    }

    /// Whether the account has a limiter yet.
    public func knows(_ account: String) -> Bool { limiters[account] != nil }
}
