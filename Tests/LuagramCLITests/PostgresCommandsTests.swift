import Foundation
import LuagramPostgres
import Testing

/// The commands that take `--db` on a PostgreSQL URL: what `simulate` writes there, `history`
/// and `inbox` read back.
@Suite(
    "Commands on PostgreSQL",
    .enabled(if: ProcessInfo.processInfo.environment["LUAGRAM_TEST_DATABASE_URL"]?.isEmpty == false, "no test server"))
struct PostgresCommandsTests {
    @Test("simulate writes a conversation to a PostgreSQL database that history and inbox then read, the password never printed")
    func simulateThenHistory() async throws {
        let server = try #require(ProcessInfo.processInfo.environment["LUAGRAM_TEST_DATABASE_URL"])
        let schema = "cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = server + (server.contains("?") ? "&" : "?") + "schema=\(schema)&pool=2"
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let event = root.appendingPathComponent("examples/rules/events/dm_price.json").path
        let rules = root.appendingPathComponent("examples/rules").path
        var failure: (any Error)?
        do {
            let simulated = try LuagramProcess.run(["simulate", "--db", url, "--rules", rules, event])
            #expect(simulated.status == 0, "\(simulated.errorOutput)")
            #expect(simulated.output.contains("\"verdict\":\"send\""), "\(simulated.output)")

            let history = try LuagramProcess.run(["history", "--db", url, "--contact", "1284567890123456"])
            #expect(history.status == 0, "\(history.errorOutput)")
            #expect(history.output.contains("in   received"), "\(history.output)")
            #expect(history.output.contains("out  "), "\(history.output)")

            let quarantined = try LuagramProcess.run(["inbox", "quarantined", "--db", url])
            #expect(quarantined.status == 0, "\(quarantined.errorOutput)")

            let missing = try LuagramProcess.run(["history", "--db", url, "--contact", "999"])
            #expect(missing.status != 0)
            // the test server's password is the user's name, so look for it where a URL has it
            let password = ":" + (try #require(try PostgresLocation(url: server).password)) + "@"
            #expect(missing.errorOutput.contains(":***@"), "\(missing.errorOutput)")
            #expect(!missing.errorOutput.contains(password) && !missing.output.contains(password))
        } catch {
            failure = error
        }
        let store = try await PostgresStore(url: url)
        try await store.dropSchemaForTests()
        await store.close()
        if let failure { throw failure }
    }
}
