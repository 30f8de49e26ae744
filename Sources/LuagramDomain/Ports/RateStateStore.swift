import Foundation

/// Where each account's sending limits are kept across restarts: the private replies of
/// the last hour (Meta allows 750 an hour) and a throttle pause Meta imposed. Forgetting
/// them would let a restarted process call again while Meta still blocks the account,
/// which extends the block (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
public protocol RateStateStore: Sendable {
    /// Every account's saved limits, by account.
    func savedRateStates() async throws -> [String: SavedRateState]

    /// Replaces the saved limits of these accounts, in one transaction.
    func saveRateStates(_ states: [String: SavedRateState], at time: Date) async throws
}

/// One account's limits as saved: the calls of the classes worth keeping, the pause and the
/// error that caused it.
public struct SavedRateState: Sendable, Hashable {
    /// Only the private-reply log and the pause fields; other classes refill in a second.
    public var state: RateState
    /// When the pause began and Meta's error; nil when the account is not paused.
    public var pausedSince: Date?
    public var pauseFailure: SendFailure?

    public init(state: RateState, pausedSince: Date? = nil, pauseFailure: SendFailure? = nil) {
        self.state = state
        self.pausedSince = pausedSince
        self.pauseFailure = pauseFailure
    }
}
