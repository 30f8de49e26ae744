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

    /// Leases up to `limit` pending rows, oldest first, until `leaseUntil`.
    ///
    /// A row is handed to one claimer at a time; each claim counts as an attempt. Rows
    /// whose lease ran out (`leaseUntil` <= `now`) are pending again.
    func claimInbox(limit: Int, now: Date, leaseUntil: Date) async throws -> [InboxRow]

    /// Finishes rows whose events were all committed, in one transaction.
    func markInboxDone(_ ids: [InboxID], at time: Date) async throws

    /// Finishes a row that can never be processed (not JSON, no events), keeping why.
    func markInboxRejected(_ id: InboxID, error: String, at time: Date) async throws

    /// One row, whatever its state (for the CLI and tests).
    func inboxRow(_ id: InboxID) async throws -> InboxRow?

    /// How many rows are in each state, for metrics. States with no rows are absent.
    func inboxCounts() async throws -> [InboxState: Int]
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
