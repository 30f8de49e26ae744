import Foundation
import LuagramDomain
import LuagramEngine
import LuagramStore
import Testing

@Suite("A body whose processing kills the process")
struct PoisonBodyTests {
    static let echoText = ("echo.lua", "on('message', function(ev) ev:reply('got ' .. ev.text) end)")

    /// Runs claims the way `serve` does across crashes: a claim holding `poison` dies (the
    /// process is gone, its batch never finished) and the restart ends the leases; any
    /// other batch is processed and finished. Returns how many times it died.
    static func runThroughCrashes(_ pipeline: Pipeline, poison: InboxID) async throws -> Int {
        let reader = pipeline.processor.reader
        var crashes = 0
        for _ in 0..<50 {
            let now = pipeline.clock.now
            let batch = try await reader.claim(limit: 64, now: now)
            if batch.report.bodies == 0 && batch.report.quarantinedBodies == 0 { break }
            if batch.bodies.contains(poison) {
                crashes += 1
                await reader.releaseInterrupted(now: now)
                continue
            }
            _ = try await pipeline.processor.process(batch.events, at: now)
            try await reader.finish(batch, now: now)
        }
        return crashes
    }

    @Test("it is quarantined after three deaths, and the bodies claimed beside it are processed")
    func poisonIsQuarantinedNeighboursProcessed() async throws {
        let pipeline = try Pipeline(rules: [Self.echoText])
        let now = pipeline.clock.now
        let before = try await pipeline.store.appendToInbox(Pipeline.dm("before", mid: "m1", at: now), receivedAt: now)
        let poison = try await pipeline.store.appendToInbox(Pipeline.dm("poison", mid: "m2", at: now), receivedAt: now)
        let after = try await pipeline.store.appendToInbox(Pipeline.dm("after", mid: "m3", at: now), receivedAt: now)

        #expect(try await Self.runThroughCrashes(pipeline, poison: poison) == 3)

        #expect(try await pipeline.store.inboxCounts() == [.done: 2, .quarantined: 1])
        #expect(try await pipeline.queuedTexts().sorted() == ["got after", "got before"])
        // the neighbours paid for the one crash that took their batch, and no more
        #expect(try await pipeline.store.inboxRow(before)?.attempts == 2)
        #expect(try await pipeline.store.inboxRow(after)?.attempts == 2)
        let quarantined = try #require(try await pipeline.store.inboxRow(poison))
        #expect(quarantined.attempts == 3)
        #expect(quarantined.error == "the process stopped while processing it (3 attempts)")
    }

    @Test("the number of attempts is the processor's option")
    func attemptsOption() async throws {
        var options = InboxProcessor.Options()
        options.maxAttempts = 2
        let pipeline = try Pipeline(rules: [Self.echoText], options: options)
        let now = pipeline.clock.now
        let poison = try await pipeline.store.appendToInbox(Pipeline.dm("poison", mid: "m1", at: now), receivedAt: now)
        #expect(try await Self.runThroughCrashes(pipeline, poison: poison) == 2)
        #expect(try await pipeline.store.inboxRow(poison)?.state == .quarantined)
    }
}
