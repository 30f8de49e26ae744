import Foundation
import Logging
import LuagramDomain
import LuagramPolicy
import Synchronization

/// Contacts' names and usernames from Meta's User Profile API, for the rules, shared by all
/// workers: at most one lookup in flight per contact, looked up again after
/// `ProfileSchedule.freshFor`, paced per account, and held back after a refusal (230: no
/// consent yet; a throttle or a refused token stops the account's lookups for a while).
///
/// Lookups run in their own tasks, never on the webhook path: a worker waits for them at most
/// `wait` before running the rules without them; a lookup still running then goes on and
/// fills the cache for the contact's next event. Tasks are bounded: `maxInFlight` in all,
/// and the pacing queues no call more than `ProfileSchedule.maxQueue` ahead.
public actor ProfileDirectory {
    /// How the directory behaves.
    public struct Options: Sendable {
        public var schedule = ProfileSchedule()
        /// How long a worker waits for lookups before it runs the rules without them.
        public var wait: Duration = .milliseconds(1500)
        public var maxInFlight = 256
        /// Contacts remembered; beyond it those no longer fresh are forgotten first.
        public var maxEntries = 100_000

        public init() {}
    }

    private struct Entry {
        var profile: ContactProfile?
        var fetchedAt: Date?
        var retryAt: Date?
        var failures = 0
        var task: Task<ContactProfile?, Never>?
    }

    private let lookup: any ProfileLookup
    public nonisolated let options: Options
    private let logger: Logger
    private var entries: [ContactKey: Entry] = [:]
    private var pacing = ProfilePacing()
    private var pausedUntil: [String: Date] = [:]
    private var inFlight = 0
    /// Lookups started since the directory was made.
    public private(set) var lookups = 0

    public init(lookup: any ProfileLookup, options: Options = Options(), logger: Logger = Logger(label: "luagram.profiles")) {
        self.lookup = lookup
        self.options = options
        self.logger = logger
    }

    /// The profiles known for these contacts at `now`, after starting the lookups that are
    /// due and waiting at most `options.wait` for those that could start at once. A contact
    /// with no profile (never looked up, no consent, the lookup late or failed) is absent; a
    /// stale profile is given when its refresh does not come in time.
    public func profiles(for keys: Set<ContactKey>, at now: Date) async -> [ContactKey: ContactProfile] {
        let schedule = options.schedule
        var found: [ContactKey: ContactProfile] = [:]
        var waiting: [ContactKey: Task<ContactProfile?, Never>] = [:]
        for key in keys {
            let entry = entries[key]
            if let profile = entry?.profile { found[key] = profile }
            if let fetched = entry?.fetchedAt, now.timeIntervalSince(fetched) < schedule.freshFor { continue }
            if let task = entry?.task {
                waiting[key] = task
                continue
            }
            if let retry = entry?.retryAt, retry > now { continue }
            if let paused = pausedUntil[key.account], paused > now { continue }
            guard inFlight < options.maxInFlight, let slot = pacing.slot(account: key.account, at: now, schedule: schedule) else {
                continue
            }
            let task = start(key, after: slot.timeIntervalSince(now), at: now)
            // one queued behind the pacing could not answer within the wait: not waited for
            if slot <= now { waiting[key] = task }
        }
        guard !waiting.isEmpty else { return found }
        let answered = await Self.gather(waiting, within: options.wait)
        found.merge(answered) { _, fresh in fresh }
        return found
    }

    private func start(_ key: ContactKey, after delay: TimeInterval, at now: Date) -> Task<ContactProfile?, Never> {
        inFlight += 1
        lookups += 1
        let lookup = self.lookup
        let task = Task { () -> ContactProfile? in
            if delay > 0 { try? await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
            let result: Result<ContactProfile, ProfileLookupError>
            do throws(ProfileLookupError) {
                result = .success(try await lookup.profile(account: key.account, contact: key.contact))
            } catch {
                result = .failure(error)
            }
            self.finish(key, result, startedAt: now)
            return try? result.get()
        }
        entries[key, default: Entry()].task = task
        return task
    }

    private func finish(_ key: ContactKey, _ result: Result<ContactProfile, ProfileLookupError>, startedAt now: Date) {
        inFlight -= 1
        var entry = entries[key] ?? Entry()
        entry.task = nil
        switch result {
        case .success(let profile):
            entry.profile = profile
            entry.fetchedAt = now
            entry.retryAt = nil
            entry.failures = 0
        case .failure(let error):
            entry.failures += 1
            entry.retryAt = options.schedule.retry(after: error, failures: entry.failures, at: now)
            if let pause = options.schedule.accountPause(after: error, at: now) {
                pausedUntil[key.account] = max(pausedUntil[key.account] ?? pause, pause)
                logger.warning(
                    "profile lookups paused for the account", metadata: ["account": "\(key.account)", "until": "\(pause)", "error": "\(error)"])
            } else {
                logger.debug("profile lookup failed", metadata: ["account": "\(key.account)", "error": "\(error)"])
            }
        }
        entries[key] = entry
        if entries.count > options.maxEntries { forgetStale(at: now) }
    }

    /// Keeps memory bounded: the entries neither fresh, nor held back, nor in flight go first;
    /// if that is not enough, all but those in flight.
    private func forgetStale(at now: Date) {
        let schedule = options.schedule
        entries = entries.filter { _, entry in
            entry.task != nil || (entry.retryAt.map { $0 > now } ?? false)
                || (entry.fetchedAt.map { now.timeIntervalSince($0) < schedule.freshFor } ?? false)
        }
        if entries.count > options.maxEntries { entries = entries.filter { $0.value.task != nil } }
    }

    /// Waits for the lookups until all answered or `wait` passed, whichever comes first; the
    /// lookups themselves are not cancelled.
    private static func gather(_ tasks: [ContactKey: Task<ContactProfile?, Never>], within wait: Duration) async
        -> [ContactKey: ContactProfile]
    {
        let gathering = Gathering(expected: tasks.count)
        let timer = Task {
            try? await Task.sleep(for: wait)
            gathering.end()
        }
        let answered = await withCheckedContinuation { (continuation: CheckedContinuation<[ContactKey: ContactProfile], Never>) in
            gathering.begin(continuation)
            for (key, task) in tasks {
                Task {
                    let profile = await task.value
                    gathering.deliver(key, profile)
                }
            }
        }
        timer.cancel()
        return answered
    }
}

/// The answers one worker waits for, and the one continuation to resume when all came or
/// time ran out.
private final class Gathering: Sendable {
    private struct State {
        var answered: [ContactKey: ContactProfile] = [:]
        var remaining: Int
        var continuation: CheckedContinuation<[ContactKey: ContactProfile], Never>?
        var over = false
    }

    private let state: Mutex<State>

    init(expected: Int) {
        state = Mutex(State(remaining: expected))
    }

    func begin(_ continuation: CheckedContinuation<[ContactKey: ContactProfile], Never>) {
        let answered: [ContactKey: ContactProfile]? = state.withLock { state in
            if state.over { return state.answered }
            state.continuation = continuation
            return nil
        }
        if let answered { continuation.resume(returning: answered) }
    }

    func deliver(_ key: ContactKey, _ profile: ContactProfile?) {
        let done = state.withLock { state -> (CheckedContinuation<[ContactKey: ContactProfile], Never>, [ContactKey: ContactProfile])? in
            guard !state.over else { return nil }
            if let profile { state.answered[key] = profile }
            state.remaining -= 1
            guard state.remaining == 0 else { return nil }
            return Self.close(&state)
        }
        if let (continuation, answered) = done { continuation.resume(returning: answered) }
    }

    func end() {
        let done = state.withLock { state -> (CheckedContinuation<[ContactKey: ContactProfile], Never>, [ContactKey: ContactProfile])? in
            guard !state.over else { return nil }
            return Self.close(&state)
        }
        if let (continuation, answered) = done { continuation.resume(returning: answered) }
    }

    /// Marks the gathering over; the continuation to resume, if it was given already.
    private static func close(_ state: inout State) -> (CheckedContinuation<[ContactKey: ContactProfile], Never>, [ContactKey: ContactProfile])? {
        state.over = true
        guard let continuation = state.continuation else { return nil }
        state.continuation = nil
        return (continuation, state.answered)
    }
}
