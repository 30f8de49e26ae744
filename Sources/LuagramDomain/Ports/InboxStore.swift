import Foundation

/// The durable queue of raw webhook bodies between the request path and the engine.
///
/// The server appends and acknowledges; workers claim, decode and finish rows later. A
/// claim is a lease, not a lock: a worker that dies leaves its rows to be claimed again
/// once the lease runs out, so nothing acknowledged to Meta is ever lost, and the
/// de-duplication keys make the second pass harmless.
public protocol InboxStore: Sendable {
    /// Stores one body durably before the server acknowledges it.
    ///
    /// Concurrent calls may be committed together (group commit), so a burst of webhooks
    /// waits on one disk flush instead of one each. Throws `StoreError.emptyInboxBody`
    /// for an empty body.
    func appendToInbox(_ body: Data, receivedAt: Date) async throws -> InboxID

    /// Stores several bodies in one transaction: all of them, or (if one is refused)
    /// none. Ids come back in the order of `bodies`.
    func appendToInbox(_ bodies: [InboxBody]) async throws -> [InboxID]

    /// Leases pending rows, oldest first, until `leaseUntil`: among the first `limit`
    /// claimable rows, what `InboxClaimPlan` says (untried rows together, a row tried
    /// before alone), and quarantines, in the same write, those claimed `maxAttempts`
    /// times already.
    ///
    /// A row is handed to one claimer at a time; each claim counts as an attempt, written
    /// with the lease, so an attempt that kills the process still counts. Rows whose lease
    /// ran out (`leaseUntil` <= `now`) are pending again.
    func claimInbox(limit: Int, now: Date, leaseUntil: Date, maxAttempts: Int) async throws -> InboxClaim

    /// Ends the lease of rows whose processing threw, so they are tried again at once
    /// (each alone). An error of the storage underneath (a full disk, an I/O error, a
    /// lock) is not the bodies' fault and gives their attempt back; any other error is
    /// kept on the rows, and the attempt counts.
    func releaseInbox(_ ids: [InboxID], after error: any Error, at time: Date) async throws

    /// Ends every lease, so the bodies a killed process held are tried again at once
    /// instead of when their lease runs out; their attempts stay counted. Call once at
    /// start, by the only processor of the inbox. Returns how many rows were leased.
    func releaseInboxLeases(at time: Date) async throws -> Int

    /// The quarantined rows, oldest first, at most `limit`.
    func quarantinedInbox(limit: Int) async throws -> [QuarantinedBody]

    /// Puts quarantined rows back to pending with their attempts reset (every quarantined
    /// row when `ids` is nil). Returns the ids put back; ids that were not quarantined are
    /// left alone.
    func retryQuarantined(_ ids: [InboxID]?, at time: Date) async throws -> [InboxID]

    /// Finishes rows whose events were all committed, in one transaction.
    func markInboxDone(_ ids: [InboxID], at time: Date) async throws

    /// Finishes a row that can never be processed (not JSON, no events), keeping why.
    func markInboxRejected(_ id: InboxID, error: String, at time: Date) async throws

    /// Takes the content of the unsent message `mid` out of every stored body that holds
    /// it, whatever the body's state (Meta requires unsent content to be deleted), so that
    /// its bytes are gone from the file too. Returns how many bodies changed. Running it
    /// again changes nothing.
    func eraseUnsentMessage(mid: String, at time: Date) async throws -> Int

    /// One row, whatever its state (for the CLI and tests).
    func inboxRow(_ id: InboxID) async throws -> InboxRow?

    /// How many rows are in each state, for metrics. States with no rows are absent.
    func inboxCounts() async throws -> [InboxState: Int]
}

extension InboxStore {
    /// Leases like `claimInbox(limit:now:leaseUntil:maxAttempts:)`, never quarantining.
    public func claimInbox(limit: Int, now: Date, leaseUntil: Date) async throws -> [InboxRow] {
        try await claimInbox(limit: limit, now: now, leaseUntil: leaseUntil, maxAttempts: .max).rows
    }
}

/// The position of a body in the inbox: increasing in order of arrival, never reused.
public typealias InboxID = Int64

/// One body to append, with the time the server received it.
public struct InboxBody: Sendable, Hashable {
    public var body: Data
    public var receivedAt: Date

    public init(_ body: Data, receivedAt: Date) {
        self.body = body
        self.receivedAt = receivedAt
    }
}
