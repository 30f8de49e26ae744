import Foundation
import LuagramDomain
import LuagramLua

/// The rules a worker runs, and their reload: a new rule set is built beside the running
/// one and swapped in only if every file loaded; otherwise the old rules keep running and
/// every error is reported.
public final class RuleRuntime {
    public let folder: String
    public let options: RuleOptions
    public private(set) var current: RuleSet
    /// The rule files as they were at the last load attempt (see `reloadIfChanged`).
    var loadedFingerprint: [String: String]

    /// Loads the folder; the rules that loaded run even when some files did not
    /// (`current.errors` lists those).
    public init(folder: String, options: RuleOptions = RuleOptions(), now: Date) throws {
        self.folder = folder
        self.options = options
        loadedFingerprint = Self.fingerprint(of: folder)
        current = try RuleSet(folder: folder, options: options, now: now)
    }

    /// What a reload did.
    public enum ReloadOutcome: Sendable {
        /// The new rules run now.
        case reloaded(files: Int, handlers: Int)
        /// Something did not load; the previous rules still run.
        case kept(errors: [RuleLoadError])
    }

    @discardableResult
    public func reload(now: Date) -> ReloadOutcome {
        let candidate: RuleSet
        do {
            candidate = try RuleSet(folder: folder, options: options, now: now)
        } catch {
            return .kept(errors: [RuleLoadError(file: folder, line: nil, message: "\(error)")])
        }
        guard candidate.errors.isEmpty else { return .kept(errors: candidate.errors) }
        current = candidate
        return .reloaded(files: candidate.files.count, handlers: candidate.allHandlers.count)
    }

    public func dispatch(_ event: Event, at now: Date, decider: (any IntentDecider)? = nil) -> DispatchResult {
        current.dispatch(event, at: now, decider: decider)
    }
}
