import Foundation
import Logging
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramRules
import LuagramStore

/// `luagram-bench processing <rules-dir> <events> [batch]`: the processing stage alone —
/// signed-off webhook bodies already in the inbox of a database file, run through decoding,
/// de-duplication, the rules, the policy and the commit by one worker, `batch` bodies a
/// round (no HTTP, no sender). What the pipeline can process when nothing else competes.
func runProcessing(folder: String, events: Int, batch: Int) async {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("luagram-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        let store = try SQLiteStore(path: directory.appendingPathComponent("bench.db").path)
        let start = Date()
        let bodies = (0..<events).map { InboxBody(BenchEvent.webhook(number: $0, at: start), receivedAt: start) }
        _ = try await store.appendToInbox(bodies)
        var quiet = Logger(label: "bench")
        quiet.logLevel = .error
        let runtime = try RuleRuntime(folder: folder, options: benchOptions(), now: start)
        var options = InboxProcessor.Options()
        options.dryRun = true
        let processor = ProcessorFactory.make(store: store, rules: runtime, options: options, logger: quiet)
        let cpuStart = cpuSeconds()
        let wallStart = wallSeconds()
        var processed = 0
        while true {
            let report = try await processor.processPending(limit: batch, now: start.addingTimeInterval(1))
            if report.bodies == 0 { break }
            processed += report.events
        }
        let wall = wallSeconds() - wallStart
        let cpu = cpuSeconds() - cpuStart
        try store.close()
        guard processed == events else { fail("processed \(processed) of \(events) events") }
        print("events=\(events)")
        print("batch=\(batch)")
        print(String(format: "wall_seconds=%.3f", wall))
        print(String(format: "cpu_seconds=%.3f", cpu))
        print(String(format: "events_per_s=%.1f", Double(events) / wall))
        print(String(format: "cpu_us_per_event=%.1f", cpu / Double(events) * 1e6))
    } catch {
        fail("processing: \(error)")
    }
}
