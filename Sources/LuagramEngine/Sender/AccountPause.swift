import Foundation
import LuagramDomain

/// An account whose sends are stopped, as `/healthz` and the metrics show it.
public struct AccountPause: Sendable, Hashable {
    public var account: String
    public var reason: Reason
    public var since: Date
    /// When sends start again on their own; nil until someone calls `resume(account:)`.
    public var until: Date?
    /// Meta's error that caused the pause.
    public var failure: SendFailure

    public init(account: String, reason: Reason, since: Date, until: Date?, failure: SendFailure) {
        self.account = account
        self.reason = reason
        self.since = since
        self.until = until
        self.failure = failure
    }

    /// Why an account is stopped. Stored and shown as the raw value.
    public enum Reason: String, Sendable, Hashable {
        /// Meta throttled it: it resumes at `until`.
        case throttled
        /// Its token was refused (190): a person must re-authorise it.
        case reauthenticate
    }

    /// Whether the pause still holds at `now`.
    public func isActive(at now: Date) -> Bool {
        guard let until else { return true }
        return now < until
    }
}
