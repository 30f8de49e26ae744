import CoreMetrics
import LuagramDomain
import Synchronization

/// What the processing loop has done since the server started, recorded as swift-metrics
/// counters and a latency timer through the factory it is given (`serve` gives it the
/// Prometheus one; without one, `MetricsSystem.factory`, a no-op until bootstrapped).
public final class ProcessingTotals: Sendable {
    private let factory: any MetricsFactory
    private let bodies: Counter
    private let rejectedBodies: Counter
    private let failedBodies: Counter
    private let events: Counter
    private let duplicates: Counter
    private let itemErrors: Counter
    private let ruleFailures: Counter
    private let latency: CoreMetrics.Timer
    /// Decision counters by verdict and reason, made on first use.
    private let decisions = Mutex<[DecisionKey: Counter]>([:])

    private struct DecisionKey: Hashable {
        var verdict: String
        var reason: String
    }

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        func counter(_ label: String) -> Counter { Counter(label: label, factory: factory) }
        bodies = counter("luagram_bodies_processed_total")
        rejectedBodies = counter("luagram_bodies_rejected_total")
        failedBodies = counter("luagram_bodies_failed_total")
        events = counter("luagram_events_processed_total")
        duplicates = counter("luagram_events_duplicate_total")
        itemErrors = counter("luagram_webhook_item_errors_total")
        ruleFailures = counter("luagram_rule_failures_total")
        latency = CoreMetrics.Timer(label: EngineMetrics.processingLatency, factory: factory)
    }

    func add(_ report: ProcessingReport) {
        for (counter, count) in [
            (bodies, report.bodies), (rejectedBodies, report.rejectedBodies), (failedBodies, report.failedBodies),
            (events, report.events), (duplicates, report.duplicates), (itemErrors, report.itemErrors),
            (ruleFailures, report.ruleFailures),
        ] where count > 0 {
            counter.increment(by: count)
        }
        guard !report.decisions.isEmpty else { return }
        var counts: [DecisionKey: Int] = [:]
        for recorded in report.decisions {
            let reason: String =
                switch recorded.decision {
                case .refuse(let code), .defer(_, let code): code.rawValue
                case .accept, .send: ""
                }
            counts[DecisionKey(verdict: recorded.decision.verdict, reason: reason), default: 0] += 1
        }
        let counters = decisions.withLock { made in
            counts.map { key, count in
                let counter =
                    made[key]
                    ?? Counter(
                        label: "luagram_decisions_total", dimensions: [("reason", key.reason), ("verdict", key.verdict)],
                        factory: factory)
                made[key] = counter
                return (counter, count)
            }
        }
        for (counter, count) in counters { counter.increment(by: count) }
    }

    /// One body's time from its arrival to its events' outcomes committed.
    func recordLatency(seconds: Double) {
        latency.recordSeconds(max(0, seconds))
    }
}
