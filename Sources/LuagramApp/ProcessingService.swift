import LuagramEngine
import ServiceLifecycle

/// The inbox processor as a service: it stops taking new work on graceful shutdown.
public struct ProcessingService: Service {
    let loop: ProcessingLoop
    let workers: Int
    let makeProcessor: @Sendable (_ worker: Int) throws -> InboxProcessor

    public init(loop: ProcessingLoop, workers: Int, makeProcessor: @escaping @Sendable (_ worker: Int) throws -> InboxProcessor) {
        self.loop = loop
        self.workers = workers
        self.makeProcessor = makeProcessor
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await loop.run(workers: workers, makeProcessor)
        }
    }
}
