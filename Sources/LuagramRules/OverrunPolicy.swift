import Foundation

/// When a handler that keeps running out of its budget is set aside for a while.
///
/// A rule that loops or hoards memory on some messages costs each of them its whole CPU
/// budget (50 ms by default, about a hundred ordinary events), and every other rule's
/// replies wait behind it. After `limit` overruns (CPU or memory) within `window`, the
/// handler is suspended for `suspension`: it is skipped, loudly logged, and comes back on
/// its own — a fix reloaded meanwhile comes back at once, as a reload starts afresh.
public struct OverrunPolicy: Sendable, Hashable {
    public var limit: Int
    public var window: TimeInterval
    public var suspension: TimeInterval

    public init(limit: Int = 3, window: TimeInterval = 600, suspension: TimeInterval = 600) {
        self.limit = max(1, limit)
        self.window = window
        self.suspension = suspension
    }
}

/// Each handler's recent overruns and suspension, under an `OverrunPolicy`; time is passed in.
struct HandlerSuspensions {
    let policy: OverrunPolicy
    private var overruns: [RuleHandler: [Date]] = [:]
    private var suspendedUntil: [RuleHandler: Date] = [:]

    init(policy: OverrunPolicy) {
        self.policy = policy
    }

    func isSuspended(_ handler: RuleHandler, at now: Date) -> Bool {
        suspendedUntil[handler].map { now < $0 } ?? false
    }

    /// Notes an overrun at `now`; the end of the suspension when this one starts one.
    mutating func noteOverrun(of handler: RuleHandler, at now: Date) -> Date? {
        var recent = (overruns[handler] ?? []).filter { now.timeIntervalSince($0) < policy.window }
        recent.append(now)
        guard recent.count >= policy.limit else {
            overruns[handler] = recent
            return nil
        }
        overruns[handler] = nil
        let until = now.addingTimeInterval(policy.suspension)
        suspendedUntil[handler] = until
        return until
    }
}
