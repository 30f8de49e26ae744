import Foundation
import LuagramDomain
import Logging

/// Runs an inbox processor until its task is cancelled: processes what is pending, and
/// when the inbox is empty waits a little before looking again.
public struct ProcessingLoop: Sendable {
    public var clock: any Clock
    /// How long an empty inbox is left alone: the price of not being woken by the server.
    public var idleDelay: Duration
    public var logger: Logger
    /// Where the loop counts what it did, for metrics.
    public var totals: ProcessingTotals
    /// How often the rules folder is looked at for changes.
    public var reloadInterval: Duration = .seconds(1)
    /// Reload requests from outside (SIGHUP).
    public var reloadRequest = ReloadRequest()

    public init(
        clock: any Clock, idleDelay: Duration = .milliseconds(20), totals: ProcessingTotals = ProcessingTotals(),
        logger: Logger = Logger(label: "luagram.engine")
    ) {
        self.clock = clock
        self.idleDelay = idleDelay
        self.totals = totals
        self.logger = logger
    }

    /// `makeProcessor` runs inside the loop's task, so the processor (and its Lua VM) never
    /// leaves it.
    public func run(_ makeProcessor: () throws -> InboxProcessor) async throws {
        let processor = try makeProcessor()
        let timer = ContinuousClock()
        var nextReloadCheck = timer.now.advanced(by: reloadInterval)
        while !Task.isCancelled {
            if timer.now >= nextReloadCheck {
                nextReloadCheck = timer.now.advanced(by: reloadInterval)
                if let outcome = processor.reloadRules(force: reloadRequest.take(), now: clock.now) {
                    logger.notice("rules: \(outcome)")
                }
            }
            let report: ProcessingReport
            do {
                report = try await processor.processPending(now: clock.now)
            } catch {
                logger.error("inbox processing failed; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            totals.add(report)
            if report.bodies == 0 {
                try? await Task.sleep(for: idleDelay)
            } else {
                logger.debug(
                    "inbox processed",
                    metadata: ["bodies": "\(report.bodies)", "events": "\(report.events)", "duplicates": "\(report.duplicates)"])
            }
        }
    }
}
