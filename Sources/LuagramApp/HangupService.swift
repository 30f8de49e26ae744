import LuagramEngine
import ServiceLifecycle
import UnixSignals

/// Asks for the rules to be loaded again on each SIGHUP (they also reload when a file
/// changes), for as long as the server runs.
public struct HangupService: Service {
    let request: ReloadRequest

    public init(request: ReloadRequest) { self.request = request }

    public func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangups { request.request() }
        }
    }
}
