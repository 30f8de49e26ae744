import Foundation
import LuagramDomain
import Logging

/// Runs the inbox through a pool of workers until its task is cancelled.
///
/// One dispatcher claims a batch of bodies, and hands each worker the events of the contacts
/// it owns: a contact always goes to the same worker (by a hash of account and contact), so
/// one contact's events are handled one at a time and in timestamp order, while different
/// contacts are handled in parallel. Each worker is a task that owns its own
/// `InboxProcessor`, and so its own Lua VM. The batch's bodies are marked done once every
/// worker has committed its share; when the inbox is empty the loop waits a little.
public struct ProcessingLoop: Sendable {
    public var clock: any Clock
    /// How long an empty inbox is left alone: the price of not being woken by the server.
    public var idleDelay: Duration
    /// Waits up to the given time for new bodies: a plain sleep, or a wait that a
    /// notification cuts short (PostgreSQL's LISTEN, where other nodes store bodies too).
    public var waitForWork: @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
    public var logger: Logger
    /// Where the loop counts what it did, for metrics.
    public var totals: ProcessingTotals
    /// How often the rules folder is looked at for changes.
    public var reloadInterval: Duration = .seconds(1)
    /// Reload requests from outside (SIGHUP).
    public var reloadRequest = ReloadRequest()
    /// Webhook requests waiting for their body to be stored (the server's count).
    public var appendsWaiting: @Sendable () -> Int = { 0 }
    /// With this many requests waiting after a round, processing holds off four times the
    /// round: during a burst the cores go first to acknowledging Meta, whose webhook stops
    /// when answers come late, and the backlog is processed as the burst eases. Requests in
    /// flight are the arrival rate times the time to store one (a few milliseconds), so
    /// while the request path keeps up, processing runs flat out: at 1,000 events a second
    /// a handful wait at any moment; with wrk's 32 connections posting flat out, all 32.
    public var appendsBehind = 24

    /// Bodies claimed per round, at most: a round takes what is there, so a quiet inbox is
    /// served at once, while under a backlog a bigger round writes fewer pages per event
    /// (measured: 256 drained a backlog about a third faster than 64).
    public var batchSize = 256

    public init(
        clock: any Clock, idleDelay: Duration = .milliseconds(20), totals: ProcessingTotals = ProcessingTotals(),
        logger: Logger = Logger(label: "luagram.engine")
    ) {
        self.clock = clock
        self.idleDelay = idleDelay
        self.totals = totals
        self.logger = logger
    }

    /// Runs `workers` workers (at least one). `makeProcessor` runs inside each worker's task
    /// with the worker's number, so a processor (and its Lua VM) never leaves the task that
    /// made it.
    public func run(workers: Int = 1, _ makeProcessor: @escaping @Sendable (_ worker: Int) throws -> InboxProcessor)
        async throws
    {
        let count = max(1, workers)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pool: [ProcessingWorker] = []
            for index in 0..<count {
                let (jobs, feed) = AsyncStream.makeStream(of: ProcessingWorker.Job.self)
                pool.append(ProcessingWorker(feed: feed))
                group.addTask { try await ProcessingWorker.serve(jobs) { try makeProcessor(index) } }
            }
            defer { for worker in pool { worker.stop() } }
            let reader = try await pool[0].reader()
            await reader.releaseInterrupted(now: clock.now)
            try await dispatch(to: pool, reading: reader)
        }
    }

    private func dispatch(to pool: [ProcessingWorker], reading reader: InboxReader) async throws {
        let timer = ContinuousClock()
        var nextReloadCheck = timer.now.advanced(by: reloadInterval)
        var unsettled: Unsettled?
        while !Task.isCancelled {
            let started = timer.now
            if timer.now >= nextReloadCheck {
                nextReloadCheck = timer.now.advanced(by: reloadInterval)
                let force = reloadRequest.take()
                let outcomes = try await Self.all(pool) { try await $0.reload(force: force, now: clock.now) }
                // every worker reloads the same folder: one line for them all
                if let outcome = outcomes.compactMap({ $0 }).first { logger.notice("rules: \(outcome)") }
            }
            if let owed = unsettled {
                guard await settle(owed, reader: reader) else {
                    try? await Task.sleep(for: .seconds(1))
                    continue
                }
                unsettled = nil
            }
            let report: ProcessingReport
            do {
                (report, unsettled) = try await round(pool, reader: reader, now: clock.now)
            } catch {
                logger.error("inbox processing failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            totals.add(report)
            let pause = Self.pause(after: timer.now - started, appendsWaiting: appendsWaiting(), behind: appendsBehind)
            if report.bodies == 0 {
                await waitForWork(idleDelay)
            } else if pause > .zero {
                try? await Task.sleep(for: pause)
            } else {
                logger.debug(
                    "inbox processed",
                    metadata: ["bodies": "\(report.bodies)", "events": "\(report.events)", "duplicates": "\(report.duplicates)"])
            }
        }
    }

    /// A claimed batch whose outcome could not be written because the database failed
    /// again: it is written before anything else is claimed, since the batch stays leased
    /// meanwhile and the next claim would pass over it, so its contacts' later bodies would
    /// overtake it.
    enum Unsettled {
        /// Processed and committed, not yet marked done.
        case done(InboxBatch)
        /// Failed, not yet handed back.
        case failed(InboxBatch, any Error)
    }

    /// One batch: claimed, split by contact, processed by the workers in parallel, done. A
    /// batch whose processing throws is handed back, each body to be tried again alone.
    private func round(_ pool: [ProcessingWorker], reader: InboxReader, now: Date) async throws
        -> (ProcessingReport, Unsettled?)
    {
        let batch = try await reader.claim(limit: batchSize, now: now)
        var report = batch.report
        guard !batch.events.isEmpty else {
            return (report, await settle(.done(batch), reader: reader, now: now) ? nil : .done(batch))
        }
        do {
            report.add(try await process(batch, on: pool, now: now))
        } catch {
            logger.error(
                "inbox processing failed; its bodies are tried again, each alone",
                metadata: ["bodies": "\(batch.bodies.count)", "error": "\(error)"])
            report.failedBodies += batch.bodies.count
            let handedBack = await reader.release(batch, after: error, now: now)
            // the database may be failing underneath: give it a moment
            try? await Task.sleep(for: .seconds(1))
            return (report, handedBack ? nil : .failed(batch, error))
        }
        guard await settle(.done(batch), reader: reader, now: now) else { return (report, .done(batch)) }
        let done = clock.now
        for received in batch.receivedAt { totals.recordLatency(seconds: done.timeIntervalSince(received)) }
        return (report, nil)
    }

    /// Writes a batch's outcome; whether it was written.
    private func settle(_ owed: Unsettled, reader: InboxReader, now: Date? = nil) async -> Bool {
        let now = now ?? clock.now
        switch owed {
        case .done(let batch):
            do {
                try await reader.finish(batch, now: now)
                return true
            } catch {
                logger.error("could not mark inbox bodies done; trying again", metadata: ["error": "\(error)"])
                return false
            }
        case .failed(let batch, let error):
            return await reader.release(batch, after: error, now: now)
        }
    }

    /// The batch's events split by contact over the workers, processed in parallel.
    private func process(_ batch: InboxBatch, on pool: [ProcessingWorker], now: Date) async throws -> ProcessingReport {
        var report = ProcessingReport()
        var shares = Array(repeating: [Event](), count: pool.count)
        for event in batch.events {
            var hasher = Hasher()
            hasher.combine(event.account)
            hasher.combine(event.contact.id)
            shares[Int(UInt(bitPattern: hasher.finalize()) % UInt(pool.count))].append(event)
        }
        let reports = try await Self.all(Array(zip(pool, shares))) { worker, events in
            events.isEmpty ? ProcessingReport() : try await worker.process(events, now: now)
        }
        for part in reports { report.add(part) }
        return report
    }

    /// How long to hold off after a round that took `round`: four times the round while the
    /// request path is `behind` or more requests behind (processing then takes a fifth of
    /// the time), else nothing.
    static func pause(after round: Duration, appendsWaiting: Int, behind: Int) -> Duration {
        appendsWaiting >= behind ? round * 4 : .zero
    }

    /// `work` on every element at once; the results in the elements' order.
    private static func all<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ work: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            for (index, element) in elements.enumerated() {
                group.addTask { (index, try await work(element)) }
            }
            var results = [Result?](repeating: nil, count: elements.count)
            for try await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
    }
}
