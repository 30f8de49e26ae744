import Foundation
import LuagramDomain
import Logging

/// Takes webhook bodies from the inbox and turns them into events: the part of processing
/// that needs no rules, so one reader can feed several workers.
///
/// A body that is not a webhook at all is marked rejected with the error here (kept, never
/// retried); the others stay claimed until `finish` marks them done, after their events
/// are committed.
public struct InboxReader: Sendable {
    let inbox: any InboxStore
    let decode: InboxProcessor.Decode
    /// How long a claimed body stays with this reader before another may take it.
    let lease: TimeInterval
    let logger: Logger

    public init(inbox: any InboxStore, decode: @escaping InboxProcessor.Decode, lease: TimeInterval = 60, logger: Logger) {
        self.inbox = inbox
        self.decode = decode
        self.lease = lease
        self.logger = logger
    }

    /// Up to `limit` bodies claimed at `now`: their events in timestamp order (events with
    /// the same time keep the order of the bodies and of the items in them).
    public func claim(limit: Int, now: Date) async throws -> InboxBatch {
        var batch = InboxBatch()
        let rows = try await inbox.claimInbox(limit: limit, now: now, leaseUntil: now.addingTimeInterval(lease))
        var events: [Event] = []
        for row in rows {
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
