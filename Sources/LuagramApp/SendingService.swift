import LuagramDomain
import LuagramEngine
import ServiceLifecycle

/// The sender as a service: sends what is due, and when nothing is, waits a little.
public struct SendingService: Service {
    let sender: OutboxSender
    let clock: any Clock

    public init(sender: OutboxSender, clock: any Clock) {
        self.sender = sender
        self.clock = clock
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            _ = await sender.requeueInterrupted(now: clock.now)
            while !Task.isCancelled {
                let report = await sender.sendDue(now: clock.now)
                if report.outcomes.isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
            }
        }
    }
}
