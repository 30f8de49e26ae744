import CoreMetrics
import Foundation
import LuagramDomain
import LuagramTestSupport
@testable import LuagramEngine
import Prometheus
import Testing

/// The engine's counters and timers reach a Prometheus registry through the factory it is
/// given (each test its own registry: no global bootstrap).
@Suite("Engine metrics")
struct EngineMetricsTests {
    static func factory(_ registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        for label in [EngineMetrics.processingLatency, EngineMetrics.sendDelay] {
            factory.durationHistogramBuckets[label] = EngineMetrics.latencyBuckets
        }
        return factory
    }

    @Test("processing totals are counters, decisions labelled by reason and verdict, latency a histogram")
    func processingTotals() {
        let registry = PrometheusCollectorRegistry()
        let totals = ProcessingTotals(factory: Self.factory(registry))
        let message = OutgoingMessage(text: "Hi")
        let origin = Origin.rule(file: "main.lua", line: 1, handler: "main.lua:1")
        var report = ProcessingReport()
        report.bodies = 2
        report.events = 3
        report.rejectedBodies = 1
        report.decisions = [
            RecordedIntent(intent: .reply(message), origin: origin, decision: .send(SendPlan(messagingType: .response, messages: [message])), index: 0),
            RecordedIntent(intent: .reply(message), origin: origin, decision: .refuse(.outsideWindow), index: 1),
            RecordedIntent(intent: .reply(message), origin: origin, decision: .refuse(.outsideWindow), index: 2),
        ]
        totals.add(report)
        totals.add(report)
        for seconds in [0.003, 0.2, 400, -1] { totals.recordLatency(seconds: seconds) }

        let lines = registry.emitToString().split(separator: "\n").map(String.init)
        for expected in [
            "# TYPE luagram_events_processed_total counter", "luagram_events_processed_total 6",
            "luagram_bodies_processed_total 4", "luagram_bodies_rejected_total 2", "luagram_bodies_failed_total 0",
            "luagram_rule_failures_total 0", #"luagram_decisions_total{reason="",verdict="send"} 2"#,
            #"luagram_decisions_total{reason="outside_window",verdict="refuse"} 4"#,
            "# TYPE luagram_processing_latency_seconds histogram",
            // a negative time (a clock stepped back) counts as 0
            #"luagram_processing_latency_seconds_bucket{le="0.005"} 2"#,
            #"luagram_processing_latency_seconds_bucket{le="0.1"} 2"#,
            #"luagram_processing_latency_seconds_bucket{le="0.25"} 3"#,
            #"luagram_processing_latency_seconds_bucket{le="300.0"} 3"#,
            #"luagram_processing_latency_seconds_bucket{le="+Inf"} 4"#, "luagram_processing_latency_seconds_count 4",
        ] {
            #expect(lines.contains(expected), "\(expected) not in \(lines)")
        }
        let sum = lines.first { $0.hasPrefix("luagram_processing_latency_seconds_sum ") }.flatMap { Double($0.split(separator: " ")[1]) }
        #expect(abs((sum ?? 0) - 400.203) < 1e-6)
    }

    @Test("the sender's outcomes are counted by outcome from the start, and a sent row's delay is timed")
    func senderCounters() async throws {
        let registry = PrometheusCollectorRegistry()
        try await SenderHarness.run(metricsFactory: Self.factory(registry)) { h in
            let before = registry.emitToString()
            for outcome in ["sent", "dry_run", "failed", "retried", "refused", "deferred", "store_error"] {
                #expect(before.contains("luagram_sends_total{outcome=\"\(outcome)\"} 0\n"), "\(before)")
            }
            #expect(before.contains("luagram_throttled_total 0\n"))
            #expect(before.contains("luagram_images_sent_as_links_total 0\n"))

            h.server.enqueue(.status(500, text: "upstream error"), .success(messageID: "aWdfZAG1after-retry"))
            let id = try await h.commitReply("Our store opens at 10.")
            _ = await h.sender.sendDue(now: SenderHarness.t0)
            let retryAt = try #require(try await h.row(id)?.nextAttemptAt)
            _ = await h.sender.sendDue(now: retryAt.addingTimeInterval(2))

            let after = registry.emitToString()
            let counters = await h.sender.counters
            #expect(counters.sent == 1 && counters.retried == 1 && counters.messagesSent == 1)
            #expect(after.contains(#"luagram_sends_total{outcome="sent"} 1"#), "\(after)")
            #expect(after.contains(#"luagram_sends_total{outcome="retried"} 1"#), "\(after)")
            #expect(after.contains(#"luagram_sends_total{outcome="dry_run"} 0"#), "\(after)")
            #expect(after.contains("luagram_messages_sent_total 1\n"), "\(after)")
            // sent 2 s after its next attempt was due
            #expect(after.contains(#"luagram_send_delay_seconds_bucket{le="1.0"} 0"#), "\(after)")
            #expect(after.contains(#"luagram_send_delay_seconds_bucket{le="2.5"} 1"#), "\(after)")
            #expect(after.contains("luagram_send_delay_seconds_count 1\n"), "\(after)")
        }
    }
}
