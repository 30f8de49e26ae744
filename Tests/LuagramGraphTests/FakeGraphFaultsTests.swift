import LuagramGraph
import LuagramTestSupport
import Testing

@Suite("The fake Graph server's random faults")
struct FakeGraphFaultsTests {
    /// The faults a server with `faults` injects into `calls` text replies.
    private func run(_ faults: FakeGraphServer.Faults, calls: Int) async throws -> (injected: [Int: FakeGraphServer.Fault], errors: [GraphError?]) {
        // generous: no fault here waits, and a loaded machine must not turn an answer into a time-out
        try await withFakeGraph(timeout: .seconds(5)) { server, client in
            server.setRandomFaults(faults)
            var errors: [GraphError?] = []
            for _ in 0..<calls { errors.append(await failure(of: try textReply(), on: client)) }
            return (server.injectedFaults, errors)
        }
    }

    @Test("the same seed injects the same faults, in about the shares asked for, each classified as Meta's would be")
    func seeded() async throws {
        let faults = FakeGraphServer.Faults(serverErrorPercent: 30, throttlePercent: 20, seed: 7, throttleMinutes: 0)
        let first = try await run(faults, calls: 200)
        let second = try await run(faults, calls: 200)
        #expect(first.injected == second.injected)
        let other = try await run(FakeGraphServer.Faults(serverErrorPercent: 30, throttlePercent: 20, seed: 8), calls: 200)
        #expect(other.injected != first.injected)

        let serverErrors = first.injected.values.filter { $0 == .serverError }.count
        let throttles = first.injected.values.filter { $0 == .throttle }.count
        #expect((35...85).contains(serverErrors))
        #expect((20...65).contains(throttles))
        for (index, error) in first.errors.enumerated() {
            switch first.injected[index] {
            case nil: #expect(error == nil)
            case .serverError: #expect(error?.errorClass == .transient)
            case .throttle:
                #expect(error?.errorClass == .throttled)
                #expect(error?.code == 613)
            case .timeout: Issue.record("no time-outs were asked for")
            }
        }
    }

    @Test("a time-out fault is received, then answered too late for the client")
    func timeout() async throws {
        let faults = FakeGraphServer.Faults(timeoutPercent: 100, timeoutDelay: .seconds(4))
        let (injected, error, received) = try await withFakeGraph(timeout: .seconds(1)) { server, client in
            server.setRandomFaults(faults)
            let error = await failure(of: try textReply(), on: client)
            return (server.injectedFaults, error, server.requests.count)
        }
        #expect(injected == [0: .timeout])
        #expect(received == 1)
        #expect(error?.cause == .timeout)
        #expect(error?.errorClass == .transient)
    }

    @Test("a throttle carries the usage header's estimate, or a Retry-After for a brief pause")
    func throttle() async throws {
        let minute = try await run(FakeGraphServer.Faults(throttlePercent: 100, throttleMinutes: 1), calls: 1)
        #expect(minute.errors[0]?.retryAfter == 60)
        #expect(minute.errors[0]?.usage?.businessUseCases.first?.businessID == FakeGraphServer.account)
        let brief = try await run(FakeGraphServer.Faults(throttlePercent: 100, throttleMinutes: 0, throttleRetryAfter: 2), calls: 1)
        #expect(brief.errors[0]?.errorClass == .throttled)
        #expect(brief.errors[0]?.retryAfter == 2)
    }

    @Test("scripted replies and refused tokens are never replaced by a fault")
    func scriptedFirst() async throws {
        let (injected, errors, statuses) = try await withFakeGraph { server, client in
            server.setRandomFaults(FakeGraphServer.Faults(serverErrorPercent: 100))
            server.enqueue(.success())
            let scripted = await failure(of: try textReply(), on: client)
            let refused = await failure(of: try textReply(), on: client, token: .init("not-the-token"))
            let faulted = await failure(of: try textReply(), on: client)
            server.setRandomFaults(nil)
            let normal = await failure(of: try textReply(), on: client)
            return (server.injectedFaults, [scripted, refused, faulted, normal], [scripted == nil, refused?.code == 190])
        }
        #expect(injected == [2: .serverError])
        #expect(statuses == [true, true])
        #expect(errors[2]?.errorClass == .transient)
        #expect(errors[3] == nil)
    }
}
