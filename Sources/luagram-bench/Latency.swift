import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import LuagramDomain
import LuagramRules

/// `luagram-bench latency <rules-dir> <seconds>`: times every dispatch on the wall clock and
/// reports the distribution, and the wall time of each dispatch in which a handler failed
/// (so a time-budget abort can be told apart from a slow dispatch). Uses the default budgets.
func runLatency(folder: String, seconds: Double) {
    let rules: RuleSet
    do {
        rules = try RuleSet(folder: folder, options: RuleOptions(), now: BenchEvent.time)
    } catch {
        fail("cannot load \(folder): \(error)")
    }
    if !rules.errors.isEmpty { fail("rule files did not load: \(rules.errors)") }
    let event = BenchEvent.message
    let now = BenchEvent.time.addingTimeInterval(5)
    var durations: [Double] = []
    durations.reserveCapacity(Int(seconds * 20_000))
    var failed: [(Double, String)] = []
    var slow: [(wall: Double, cpu: Double)] = []
    let end = wallSeconds() + seconds
    while true {
        let t0 = wallSeconds()
        if t0 >= end { break }
        let c0 = threadCPUSeconds()
        let result = rules.dispatch(event, at: now)
        let d = wallSeconds() - t0
        let c = threadCPUSeconds() - c0
        durations.append(d)
        if d > 0.02 { slow.append((d, c)) }
        for failure in result.failures { failed.append((d, failure.description)) }
    }
    durations.sort()
    func pct(_ p: Double) -> Double { durations[min(durations.count - 1, Int(Double(durations.count) * p))] * 1e6 }
    print("dispatches=\(durations.count)")
    print(String(format: "p50_us=%.1f p99_us=%.1f p99.9_us=%.1f max_us=%.1f", pct(0.5), pct(0.99), pct(0.999), durations.last! * 1e6))
    print("over_50ms=\(durations.filter { $0 > 0.05 }.count)")
    print("over_20ms=\(slow.count)" + slow.map { String(format: " [wall %.1f ms, thread cpu %.1f ms]", $0.wall * 1e3, $0.cpu * 1e3) }.joined())
    print("failed_dispatches=\(failed.count)")
    for (d, description) in failed { print(String(format: "  failed dispatch took %.1f us: ", d * 1e6) + description) }
}
