import Foundation
import LuagramDomain
import LuagramInstagram
import LuagramStore
import LuagramTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("luagram serve")
struct ServeCommandTests {
    @Test("a signed DM posted to the running server is acknowledged, answered by the example rules (dry run), and SIGINT stops it cleanly")
    func serveEndToEnd() async throws {
        let folder = try TemporaryFolder()
        let db = folder.path + "/luagram.db"
        let port = Int.random(in: 20_000..<40_000)
        let process = try LuagramProcess.startServe(db: db, port: port)
        defer { if process.isRunning { process.terminate() } }

        let base = "http://127.0.0.1:\(port)"
        var healthy = false
        for _ in 0..<100 where !healthy {
            healthy = (try? await Self.request(base + "/healthz"))?.status == 200
            if !healthy { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(healthy)

        let now = Int(Date().timeIntervalSince1970 * 1000)
        let body = Data(
            #"{"object":"instagram","entry":[{"id":"17841400000000001","time":\#(now),"messaging":[{"sender":{"id":"1284567890123456"},"recipient":{"id":"17841400000000001"},"timestamp":\#(now),"message":{"mid":"serve-test-1","text":"What's the price?"}}]}]}"#
                .utf8)
        let signature = WebhookSignature.header(for: body, secret: "luagram-development-secret")
        #expect(try await Self.request(base + "/webhooks/instagram", body: body, signature: signature).status == 200)
        #expect(try await Self.request(base + "/webhooks/instagram", body: body, signature: "sha256=00").status == 403)

        // without access tokens the sender runs dry: the two replies end dry_run, nothing posted
        let store = try SQLiteStore(path: db)
        var sent = 0
        for _ in 0..<50 where sent < 2 {
            try await Task.sleep(for: .milliseconds(100))
            sent = try await store.outboxCounts()[.dryRun] ?? 0
        }
        #expect(sent == 2)
        let replies = try await store.messages(account: "17841400000000001", contact: "1284567890123456", limit: 10)
            .filter { $0.direction == .outbound }
        #expect(replies.count == 2)
        #expect(replies.allSatisfy { $0.status == .dryRun && $0.dryRun && $0.mid == nil })
        try store.close()

        let metrics = String(decoding: try await Self.request(base + "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("luagram_events_processed_total 1\n"), "\(metrics)")
        #expect(metrics.contains(#"luagram_sends_total{outcome="dry_run"} 2"#), "\(metrics)")
        #expect(metrics.contains("# TYPE luagram_processing_latency_seconds histogram\n"), "\(metrics)")
        #expect(metrics.contains("luagram_processing_latency_seconds_count 1\n"), "\(metrics)")
        #expect(metrics.contains(#"luagram_processing_latency_seconds_bucket{le="+Inf"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"luagram_decisions_total{reason="",verdict="send"} 2"#), "\(metrics)")
        // Hummingbird's request metrics, by route template, method and status
        #expect(
            metrics.contains(
                #"luagram_http_requests_total{http_route="/webhooks/instagram",http_request_method="POST",http_response_status_code="200"} 1"#
                    + "\n"), "\(metrics)")
        #expect(metrics.contains("# TYPE luagram_http_request_duration_seconds histogram\n"), "\(metrics)")

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        // an agent answers through the same store, and the history shows everything
        let send = try LuagramProcess.run([
            "send", "--db", db, "--contact", "1284567890123456", "--agent", "marta", "--text", "Marta here: it is 49 euros.",
        ])
        #expect(send.status == 0, "\(send.output)\(send.errorOutput)")
        #expect(send.output == "send RESPONSE (1 message(s) queued)\n")
        let history = try LuagramProcess.run(["history", "--db", db, "--contact", "1284567890123456"])
        let lines = history.output.split(separator: "\n")
        #expect(lines.count == 4, "\(history.output)")
        #expect(lines.first?.contains("in   received") == true)
        #expect(lines.last?.contains("out  queued  [agent marta]  Marta here: it is 49 euros.") == true, "\(history.output)")
        let unknown = try LuagramProcess.run(["history", "--db", db, "--contact", "999"])
        #expect(unknown.status != 0)
        #expect(unknown.errorOutput.contains("no conversation with contact 999"))
    }

    @Test("SIGHUP loads the rules again, and serve keeps running")
    func hangupReloads() async throws {
        let folder = try TemporaryFolder()
        let port = Int.random(in: 20_000..<40_000)
        let log = folder.path + "/serve.log"
        let process = try LuagramProcess.startServe(db: folder.path + "/luagram.db", port: port, errorLog: log)
        defer { if process.isRunning { process.terminate() } }
        var healthy = false
        for _ in 0..<100 where !healthy {
            healthy = (try? await Self.request("http://127.0.0.1:\(port)/healthz"))?.status == 200
            if !healthy { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(healthy)
        let reloaded = { ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("rules: reloaded") }
        #expect(!reloaded(), "nothing changed, so nothing reloads by itself")
        kill(process.processIdentifier, SIGHUP)
        for _ in 0..<50 where !reloaded() { try await Task.sleep(for: .milliseconds(100)) }
        #expect(reloaded())
        #expect(process.isRunning)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    static func request(_ url: String, body: Data? = nil, signature: String? = nil) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        if let body {
            request.httpMethod = "POST"
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let signature { request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
