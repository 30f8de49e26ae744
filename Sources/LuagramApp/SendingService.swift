import LuagramDomain
import LuagramEngine
import ServiceLifecycle

/// The sender as a service: sends what is due, and when nothing is, waits a little — or,
/// on PostgreSQL, until a node commits a send (NOTIFY), with a slower look as a fallback
/// for sends that come due by the clock.
public struct SendingService: Service {
    let sender: OutboxSender
    let clock: any Clock
    let idleDelay: Duration
    let waitForWork: @Sendable (Duration) async -> Void

    public init(
        sender: OutboxSender, clock: any Clock, idleDelay: Duration = .milliseconds(50),
        waitForWork: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
    ) {
        self.sender = sender
        self.clock = clock
        self.idleDelay = idleDelay
        self.waitForWork = waitForWork
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            _ = await sender.requeueInterrupted(now: clock.now)
            while !Task.isCancelled {
                let report = await sender.sendDue(now: clock.now)
                if report.outcomes.isEmpty { await waitForWork(idleDelay) }
            }
        }
    }
}
