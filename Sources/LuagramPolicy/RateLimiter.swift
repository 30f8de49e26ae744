import Foundation
import LuagramDomain

/// One account's rate limiter: a value-type state machine over `RateState`. Every method
/// takes `now` and returns an outcome; nothing sleeps, so the sender waits (and tests move
/// a clock) on the outcome's time.
///
/// A sliding-window log rather than a token bucket: it keeps the time of each call still
/// inside its window (at most `calls` per class, 750 dates for private replies), and so
/// guarantees what Meta counts — never more than N calls in any window of the given length —
/// and names the exact instant the next slot opens (the oldest call's time + the window).
/// A token bucket of the same size would let up to 2N calls through a window that straddles
/// a refill, which a per-hour limit of 750 does not forgive.
public struct RateLimiter: Sendable, Hashable {
    public var limits: RateLimits
    public private(set) var state: RateState

    public init(limits: RateLimits = RateLimits(), state: RateState = RateState()) {
        self.limits = limits
        self.state = state
    }

    /// Whether these calls (count per class) could all be made at `now`, without recording
    /// them; if not, the earliest time they could, and why.
    public func check(_ calls: [RateClass: Int], at now: Date) -> RateOutcome {
        var from = now
        var reason = ReasonCode.rateLimited
        if let paused = state.pausedUntil, paused > now {
            from = paused
            reason = .accountThrottled
        }
        var until = from
        for (rateClass, count) in calls where count > 0 {
            until = max(until, nextSlot(rateClass, count: count, at: from))
        }
        return until > now ? .wait(until: until, reason: reason) : .proceed
    }

    /// `check` for one class.
    public func check(_ rateClass: RateClass, count: Int = 1, at now: Date) -> RateOutcome {
        check([rateClass: count], at: now)
    }

    /// Takes a slot for one call at `now` if there is one (and records it), else says when.
    public mutating func acquire(_ rateClass: RateClass, at now: Date) -> RateOutcome {
        let outcome = check(rateClass, at: now)
        guard outcome == .proceed else { return outcome }
        prune(at: now)
        var log = state.calls[rateClass] ?? []
        let index = log.firstIndex { $0 > now } ?? log.endIndex
        log.insert(now, at: index)
        state.calls[rateClass] = log
        return .proceed
    }

    /// The slot to promise a row that waits, after the ones promised so far (`after`, nil
    /// for none): the slots of the class open as the calls of the log leave the window, one
    /// each, and the call made in a slot leaves one window later, so the openings repeat
    /// every `per`. Several calls made at one instant open as many slots at one instant.
    public func nextOpening(_ rateClass: RateClass, after promised: SlotPromise?, at now: Date) -> SlotPromise {
        let per = limits[rateClass].per
        let calls = state.calls[rateClass] ?? []
        let base = promised?.time ?? now
        guard per > 0, !calls.isEmpty else { return SlotPromise(time: max(base, now), taken: 1) }
        // each call's chain of openings, from the first at or after the base
        let chain = calls.map { call -> Date in
            let first = call.addingTimeInterval(per)
            guard first < base else { return first }
            let windows = (base.timeIntervalSince(first) / per).rounded(.up)
            return first.addingTimeInterval(windows * per)
        }
        let same = { (a: Date, b: Date) in abs(a.timeIntervalSince(b)) < 1e-6 }
        if let promised, promised.taken < chain.filter({ same($0, base) }).count {
            return SlotPromise(time: base, taken: promised.taken + 1)
        }
        // the next instant after the base (a slot at the base itself is open, or promised)
        let later = chain.map { same($0, base) ? $0.addingTimeInterval(per) : $0 }
        return SlotPromise(time: later.min() ?? base.addingTimeInterval(per), taken: 1)
    }

    /// Meta answered with a throttling error (4, 17, 32, 613, 80002, 80006; see `RateLimits`): pause
    /// all of the account's sends for `retryAfter` seconds if Meta named a time (its
    /// `estimated_time_to_regain_access` is in minutes: convert), else back off
    /// exponentially. A pause never shortens one already running.
    public mutating func recordThrottle(at now: Date, retryAfter: TimeInterval? = nil) -> RateOutcome {
        state.consecutiveThrottles += 1
        let pause = retryAfter ?? limits.backoff(afterThrottles: state.consecutiveThrottles)
        let until = max(now.addingTimeInterval(pause), state.pausedUntil ?? .distantPast)
        state.pausedUntil = until
        return .wait(until: until, reason: .accountThrottled)
    }

    /// Meta's usage headers said the account is close to its limits (`UsageBrake`): pause
    /// its sends until `until` without counting a throttle, so the backoff of a real one
    /// does not grow. A pause never shortens one already running.
    public mutating func recordUsagePause(until: Date) -> RateOutcome {
        let end = max(until, state.pausedUntil ?? .distantPast)
        state.pausedUntil = end
        return .wait(until: end, reason: .accountThrottled)
    }

    /// A send succeeded: the next throttle starts the backoff from the beginning again.
    public mutating func recordSuccess() {
        state.consecutiveThrottles = 0
    }

    /// The earliest time ≥ `time` at which `count` more calls of the class fit its window.
    /// A batch larger than the limit waits only for a full window's worth; the sender paces
    /// the rest one call at a time.
    private func nextSlot(_ rateClass: RateClass, count: Int, at time: Date) -> Date {
        let limit = limits[rateClass]
        let capacity = max(limit.calls, 1)
        let needed = min(count, capacity)
        let active = (state.calls[rateClass] ?? []).filter { $0.addingTimeInterval(limit.per) > time + Self.resolution }.sorted()
        let excess = active.count + needed - capacity
        guard excess > 0 else { return time }
        return active[excess - 1].addingTimeInterval(limit.per)
    }

    /// Times are kept to the microsecond (`Timestamp`): a call that leaves its window within
    /// one of `now` has left it, or a row stored for its slot's instant would find it shut.
    static let resolution: TimeInterval = 1e-6

    /// Forgets calls that left their window, so the log stays at most `calls` long.
    private mutating func prune(at now: Date) {
        for (rateClass, log) in state.calls {
            let window = limits[rateClass].per
            state.calls[rateClass] = log.filter { $0.addingTimeInterval(window) > now + Self.resolution }
        }
    }
}

/// A slot promised to a row that waits: its time, and how many of the slots opening at that
/// instant are promised so far.
public struct SlotPromise: Sendable, Hashable {
    public var time: Date
    public var taken: Int

    public init(time: Date, taken: Int) {
        self.time = time
        self.taken = taken
    }
}

/// What the rate limiter says about a call: go now, or wait until a time (and why).
public enum RateOutcome: Sendable, Hashable {
    case proceed
    /// `reason` is `rateLimited` (a slot opens then) or `accountThrottled` (Meta's pause ends).
    case wait(until: Date, reason: ReasonCode)
}
