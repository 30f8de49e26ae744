import Foundation
import LuagramDomain
import Logging

/// Takes webhook bodies from the inbox and turns them into events: the part of processing
/// that needs no rules, so one reader can feed several workers.
///
/// A body that is not a webhook at all is marked rejected with the error here (kept, never
/// retried); the others stay claimed until `finish` marks them done, after their events
/// are committed, or `release` hands them back after a failure. A body claimed
/// `maxAttempts` times without finishing (its processing failed, or stopped the process,
/// each time) is quarantined by the claim instead of being processed again.
public struct InboxReader: Sendable {
    let inbox: any InboxStore
    let decode: InboxProcessor.Decode
    /// How long a claimed body stays with this reader before another may take it.
    let lease: TimeInterval
    /// Claims a body may take before it is quarantined.
    let maxAttempts: Int
    let logger: Logger

    public init(
        inbox: any InboxStore, decode: @escaping InboxProcessor.Decode, lease: TimeInterval = 60, maxAttempts: Int = 3,
        logger: Logger
    ) {
        self.inbox = inbox
        self.decode = decode
        self.lease = lease
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// Up to `limit` bodies claimed at `now`: their events in timestamp order (events with
    /// the same time keep the order of the bodies and of the items in them).
    public func claim(limit: Int, now: Date) async throws -> InboxBatch {
        var batch = InboxBatch()
        let claim = try await inbox.claimInbox(
            limit: limit, now: now, leaseUntil: now.addingTimeInterval(lease), maxAttempts: maxAttempts)
        for body in claim.quarantined {
            logger.error(
                "inbox body quarantined: it will not be processed again until `luagram inbox retry`",
                metadata: ["inbox": "\(body.id)", "attempts": "\(body.attempts)", "error": "\(body.error)"])
        }
        batch.report.quarantinedBodies = claim.quarantined.count
        var events: [Event] = []
        for row in claim.rows {
            batch.report.bodies += 1
            let decoded: DecodedBody
            do {
                decoded = try decode(row.body, row.receivedAt)
            } catch {
                batch.report.rejectedBodies += 1
                logger.warning("inbox body rejected", metadata: ["inbox": "\(row.id)", "error": "\(error)"])
                try await inbox.markInboxRejected(row.id, error: "\(error)", at: now)
                continue
            }
            batch.report.itemErrors += decoded.itemErrors.count
            batch.itemErrors += decoded.itemErrors
            for error in decoded.itemErrors {
                logger.warning("webhook item not decoded", metadata: ["inbox": "\(row.id)", "error": "\(error)"])
            }
            events += decoded.events
            batch.bodies.append(row.id)
            batch.receivedAt.append(row.receivedAt)
        }
        batch.events = events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        return batch
    }

    /// Marks the batch's bodies done: call once every event of theirs is committed.
    public func finish(_ batch: InboxBatch, now: Date) async throws {
        try await inbox.markInboxDone(batch.bodies, at: now)
    }

    /// Hands the batch's bodies back after processing them threw, to be tried again, each
    /// alone; the store decides whether the failure counts against them. Whether they were
    /// handed back: if not (the database failed again), their lease runs out instead.
    @discardableResult
    public func release(_ batch: InboxBatch, after error: any Error, now: Date) async -> Bool {
        do {
            try await inbox.releaseInbox(batch.bodies, after: error, at: now)
            return true
        } catch {
            logger.error("could not hand back inbox bodies after a failure", metadata: ["error": "\(error)"])
            return false
        }
    }

    /// Makes the bodies a previous process left leased claimable at once. Call once, before
    /// the first claim, by the only processor of the inbox.
    public func releaseInterrupted(now: Date) async {
        do {
            let count = try await inbox.releaseInboxLeases(at: now)
            if count > 0 {
                logger.warning(
                    "inbox bodies interrupted by a restart: each is tried again on its own",
                    metadata: ["bodies": "\(count)"])
            }
        } catch {
            logger.error("could not release the inbox's leases", metadata: ["error": "\(error)"])
        }
    }
}

/// Bodies claimed from the inbox and the events they hold.
public struct InboxBatch: Sendable {
    /// The bodies to mark done once the events are committed (rejected ones are not here).
    public var bodies: [InboxID] = []
    /// When each of `bodies` was received.
    public var receivedAt: [Date] = []
    /// Every event of those bodies, in timestamp order.
    public var events: [Event] = []
    /// What reading found: bodies, rejected bodies, item errors.
    public var report = ProcessingReport()
    /// The items that could not be decoded, described.
    public var itemErrors: [String] = []

    public init() {}
}
