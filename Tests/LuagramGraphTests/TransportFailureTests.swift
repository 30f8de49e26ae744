import LuagramGraph
import LuagramTestSupport
import Testing

@Suite("Failures without Meta's envelope")
struct TransportFailureTests {
    @Test("a 500 with a text body is transient")
    func serverError() async throws {
        let error = try await withFakeGraph { server, client in
            server.enqueue(.status(500, text: "<html>Internal Server Error</html>"))
            return await failure(of: try textReply(), on: client)
        }
        #expect(error?.errorClass == .transient)
        #expect(error?.cause == .http)
        #expect(error?.httpStatus == 500)
        #expect(error?.code == nil)
    }

    @Test("a 429 without an envelope is a throttle, and Retry-After is kept")
    func tooManyRequests() async throws {
        let error = try await withFakeGraph { server, client in
            server.enqueue(FakeGraphServer.Reply.status(429).header("Retry-After", "30"))
            return await failure(of: try textReply(), on: client)
        }
        #expect(error?.errorClass == .throttled)
        #expect(error?.retryAfter == 30)
    }

    @Test("a server slower than the client's timeout is a transient timeout")
    func timeout() async throws {
        let clock = ContinuousClock()
        // only the call is timed: starting and stopping the server take their own time
        let (error, elapsed) = try await withFakeGraph(timeout: .milliseconds(300)) { server, client in
            server.enqueue(FakeGraphServer.Reply.success().delayed(by: .seconds(5)))
            let start = clock.now
            let error = await failure(of: try textReply(), on: client)
            return (error, clock.now - start)
        }
        #expect(error?.errorClass == .transient)
        #expect(error?.cause == .timeout)
        #expect(elapsed < .seconds(4))
    }

    @Test("a refused connection is transient")
    func connectionRefused() async throws {
        // A port that was just listening and is now closed.
        let server = try await FakeGraphServer.start()
        let baseURL = server.baseURL
        await server.stop()
        let client = GraphClient(configuration: GraphConfiguration(baseURL: baseURL, timeout: .milliseconds(500)), logger: quietLogger)
        let error = await failure(of: try textReply(), on: client)
        #expect(error?.errorClass == .transient)
        #expect(error?.cause == .connection)
        #expect(error?.httpStatus == nil)
    }

    @Test("a cancelled call is transient and says so")
    func cancelled() async throws {
        try await withFakeGraph { server, client in
            server.enqueue(FakeGraphServer.Reply.success().delayed(by: .seconds(5)))
            let request = try textReply()
            let task = Task { await failure(of: request, on: client) }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let error = await task.value
            #expect(error?.errorClass == .transient)
            #expect(error?.cause == .cancelled)
        }
    }
}
