import Foundation
import LuagramDomain
import LuagramStore
import LuagramTestSupport
import Testing

@Suite("luagram inbox")
struct InboxCommandTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// A database whose inbox holds one body quarantined after three deaths and one pending.
    static func quarantinedDatabase() async throws -> (folder: TemporaryFolder, db: String, poison: InboxID) {
        let folder = try TemporaryFolder()
        let db = folder.path + "/luagram.db"
        let store = try SQLiteStore(path: db)
        let poison = try await store.appendToInbox(Data(#"{"object":"instagram","secret":"a private message"}"#.utf8), receivedAt: t0)
        for attempt in 1...4 {
            let now = t0.addingTimeInterval(Double(attempt))
            _ = try await store.claimInbox(limit: 1, now: now, leaseUntil: now.addingTimeInterval(60), maxAttempts: 3)
            _ = try await store.releaseInboxLeases(at: now)
        }
        _ = try await store.appendToInbox(Data("{}".utf8), receivedAt: t0)
        try store.close()
        return (folder, db, poison)
    }

    @Test("quarantined lists id, time, attempts, size and error, never the body; retry puts it back")
    func listAndRetry() async throws {
        let (folder, db, poison) = try await Self.quarantinedDatabase()
        _ = folder
        let list = try LuagramProcess.run(["inbox", "quarantined", "--db", db])
        #expect(list.status == 0, "\(list.errorOutput)")
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == 2, "\(list.output)")
        #expect(lines.first == "\(poison)  2026-11-18T11:06:40.000Z  3 attempts  51 bytes  the process stopped while processing it (3 attempts)")
        #expect(!list.output.contains("private message"))

        let unknown = try LuagramProcess.run(["inbox", "retry", "--db", db, "2", String(poison)])
        #expect(unknown.status == 1)
        #expect(unknown.output == "1 body put back to be processed: \(poison)\n")
        #expect(unknown.errorOutput.contains("not quarantined: 2"))

        let store = try SQLiteStore(path: db)
        let row = try #require(try await store.inboxRow(poison))
        #expect(row.state == .pending && row.attempts == 0 && row.error == nil)
        try store.close()

        let empty = try LuagramProcess.run(["inbox", "quarantined", "--db", db])
        #expect(empty.output == "no quarantined bodies\n")
        let none = try LuagramProcess.run(["inbox", "retry", "--db", db, "--all"])
        #expect(none.status == 0)
        #expect(none.output == "0 bodies put back to be processed\n")
        let neither = try LuagramProcess.run(["inbox", "retry", "--db", db])
        #expect(neither.status == 64)
        #expect(neither.errorOutput.contains("give the ids of quarantined bodies, or --all"))
    }

    @Test("serve counts the quarantined bodies in /metrics")
    func metrics() async throws {
        let (folder, db, _) = try await Self.quarantinedDatabase()
        _ = folder
        let port = Int.random(in: 20_000..<40_000)
        let process = try LuagramProcess.startServe(db: db, port: port)
        defer { if process.isRunning { process.terminate() } }
        var metrics = ""
        // a debug serve on a loaded machine (the whole suite, CI) may take many seconds to listen
        let deadline = ContinuousClock.now + .seconds(45)
        while !metrics.contains("luagram_inbox_quarantined"), ContinuousClock.now < deadline, process.isRunning {
            if let answer = try? await ServeCommandTests.request("http://127.0.0.1:\(port)/metrics") {
                metrics = String(decoding: answer.body, as: UTF8.self)
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        // gauges are written as floating-point numbers
        #expect(metrics.contains("# TYPE luagram_inbox_quarantined gauge\nluagram_inbox_quarantined 1.0\n"), "\(metrics)")
        #expect(metrics.contains(#"luagram_inbox_bodies{state="quarantined"} 1.0"# + "\n"), "\(metrics)")
        process.interrupt()
        process.waitUntilExit()
    }
}
