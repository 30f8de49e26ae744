import Foundation
import LuagramDomain
import LuagramEngine
import Prometheus

/// The gauges /metrics reads when scraped: queue depths from the store, paused accounts.
/// Every state has its gauge, at 0 when it has no rows, so a state that empties reads 0.
struct ScrapedGauges: Sendable {
    let inbox: [InboxState: Prometheus.Gauge]
    let quarantined: Prometheus.Gauge
    let outbox: [OutboxState: Prometheus.Gauge]
    let paused: Prometheus.Gauge
    let needsReauth: Prometheus.Gauge

    init(registry: PrometheusCollectorRegistry) {
        func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
            registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
        }
        inbox = Dictionary(
            uniqueKeysWithValues: InboxState.allCases.map {
                ($0, gauge("luagram_inbox_bodies", "Webhook bodies in the inbox, by state.", labels: [("state", $0.rawValue)]))
            })
        quarantined = gauge(
            "luagram_inbox_quarantined",
            "Webhook bodies quarantined after their attempts failed or stopped the process (luagram inbox quarantined).")
        outbox = Dictionary(
            uniqueKeysWithValues: OutboxState.allCases.map {
                ($0, gauge("luagram_outbox_rows", "Sends in the outbox, by state.", labels: [("state", $0.rawValue)]))
            })
        paused = gauge("luagram_accounts_paused", "Accounts whose sends are paused (throttling or an expired token).")
        needsReauth = gauge(
            "luagram_accounts_needing_reauth",
            "Connected accounts whose token Meta refused (190): connect them again with luagram accounts add.")
    }

    /// Sets every gauge; a count the store cannot give keeps its last value.
    func refresh(store: any DataStore, sender: OutboxSender, at now: Date) async {
        if let counts = try? await store.inboxCounts() {
            for (state, gauge) in inbox { gauge.set(Double(counts[state] ?? 0)) }
            quarantined.set(Double(counts[.quarantined] ?? 0))
        }
        if let counts = try? await store.outboxCounts() {
            for (state, gauge) in outbox { gauge.set(Double(counts[state] ?? 0)) }
        }
        paused.set(Double(await sender.pausedAccounts(at: now).count))
        if let accounts = try? await store.connectedAccounts() {
            needsReauth.set(Double(accounts.filter { $0.state == .needsReauth }.count))
        }
    }
}
