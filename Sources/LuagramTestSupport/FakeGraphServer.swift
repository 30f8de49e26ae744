import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A stand-in for Meta's Send API: a real HTTP server on 127.0.0.1 that records every call
/// and answers as a test (or a demo) scripts it, so the Graph client is tested over real
/// sockets with real timeouts. Like Meta, it remembers what it accepted: the conversations
/// can be read back (Conversations API) and a comment takes one private reply. Runnable from tests (`start()`, `stop()`) and from a command
/// line (pick a port, print `baseURL`, keep it running).
public final class FakeGraphServer: Sendable {
    /// The account the default token belongs to: an invented Instagram professional account
    /// id, the one the webhook fixtures use.
    public static let account = "17841400000000001"
    /// The token the server accepts for `account` unless told otherwise.
    public static let token = "fake-graph-token-EAAG0000"

    /// `http://127.0.0.1:<port>`, to use as the Graph base URL.
    public let baseURL: String
    public let port: Int
    let core: Core
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(baseURL: String, port: Int, core: Core, group: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.port = port
        self.core = core
        self.group = group
        self.task = task
    }

    deinit {
        task.cancel()
    }

    /// Starts a server and returns once it accepts connections.
    ///
    /// - Parameters:
    ///   - port: 0 for any free port (tests); a fixed one for demos.
    ///   - tokens: account id → the one token accepted for it; `/me/messages` accepts any.
    ///   - logger: the server's own logging; warnings only by default, so test output stays
    ///     readable.
    ///   - now: the time messages are stamped with in the Conversations API: a test's clock.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, tokens: [String: String] = [account: token], logger: Logger? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) async throws -> FakeGraphServer {
        let core = Core(tokens: tokens, now: now)
        let router = Router()
        router.post("/:version/:node/messages") { request, context in
            try await core.respond(to: request, node: context.parameters.require("node"))
        }
        router.get("/refresh_access_token") { request, _ in core.refresh(request) }
        addSubscriptionRoutes(to: router, core: core)
        router.head("/media/:name") { request, context in try await core.media(request, name: context.parameters.require("name")) }
        router.get("/media/:name") { request, context in try await core.media(request, name: context.parameters.require("name")) }
        router.get("/:version/:node/:edge") { request, context in
            core.read(request, node: try context.parameters.require("node"), edge: try context.parameters.require("edge"))
        }
        router.get("/:version/:node") { request, context in
            let node = try context.parameters.require("node")
            let response = core.read(request, node: node, edge: nil)
            if let delay = core.profileDelay(of: node) { try await core.pause(for: delay) }
            return response
        }
        var quiet = Logger(label: "luagram.fake-graph")
        quiet.logLevel = .warning

        let bound = Bound()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "FakeGraphServer"),
            onServerRunning: { channel in bound.resolve(.success(channel.localAddress?.port ?? port)) },
            logger: logger ?? quiet
        )
        // Our own group, without signal handlers, so `stop` can shut down gracefully: a
        // cancelled Hummingbird server logs an error for every open keep-alive connection.
        let group = ServiceGroup(services: [app], logger: logger ?? quiet)
        let task = Task {
            do {
                try await group.run()
                bound.resolve(.failure(FakeGraphServerError.stoppedBeforeListening))
            } catch {
                bound.resolve(.failure(error))
                throw error
            }
        }
        do {
            let actualPort = try await bound.port()
            return FakeGraphServer(baseURL: "http://\(host):\(actualPort)", port: actualPort, core: core, group: group, task: task)
        } catch {
            task.cancel()
            throw error
        }
    }

    /// Stops listening, ends any delayed answers early and closes the connections; returns
    /// once the server is down.
    public func stop() async {
        core.state.withLock { $0.stopping = true }
        await group.triggerGracefulShutdown()
        // Graceful shutdown waits for open requests; should one hang, cancel after a while.
        let task = self.task
        let backstop = Task {
            try await Task.sleep(for: .seconds(2))
            task.cancel()
        }
        _ = await task.result
        backstop.cancel()
    }

    /// Returns when the server has stopped: for a command line that serves until the
    /// process ends.
    public func waitUntilStopped() async {
        _ = await task.result
    }

    /// Every call received so far, in order, including those refused for their token.
    public var requests: [RecordedRequest] {
        core.state.withLock { $0.requests }
    }

    /// Answers the next calls with these replies, in order; after them, the default reply.
    public func enqueue(_ replies: Reply...) {
        core.state.withLock { $0.script.append(contentsOf: replies) }
    }

    /// The answer when nothing is scripted: a success unless changed (for benchmarks: a
    /// delayed success, an occasional throttle, …).
    public func setDefaultReply(_ reply: Reply) {
        core.state.withLock { $0.defaultReply = reply }
    }

    /// Names the author of a comment, as Meta knows it: a private reply to the comment then
    /// lands in the conversation with `contact` (and its echo names them).
    public func setCommenter(_ contact: String, ofComment comment: String) {
        core.state.withLock { $0.commenters[comment] = contact }
    }

    /// Forgets the recorded calls, so a long-running demo does not grow without bound.
    public func removeAllRequests() {
        core.state.withLock {
            $0.requests.removeAll()
            $0.injected.removeAll()
        }
    }

    /// Answers a share of the calls with random faults from now on; nil switches them off.
    /// Calls that get the default reply are the candidates; scripted replies come first.
    public func setRandomFaults(_ faults: Faults?) {
        core.state.withLock { state in
            state.faults = faults
            state.generator = SeededGenerator(seed: faults?.seed ?? 0)
        }
    }

    /// The faults injected so far, by the index of the call in `requests`.
    public var injectedFaults: [Int: Fault] {
        core.state.withLock { $0.injected }
    }
}

/// Why a fake Graph server could not start.
public enum FakeGraphServerError: Error, Sendable {
    case stoppedBeforeListening
}

/// Hands the bound port from the server's start-up callback to `start`, exactly once,
/// whichever of "listening" and "failed" comes first.
private final class Bound: Sendable {
    private let state = Mutex<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func resolve(_ result: Result<Int, any Error>) {
        let waiter: CheckedContinuation<Int, any Error>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func port() async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<Int, any Error>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
