import Foundation
import LuagramDomain
import LuagramInstagram
import LuagramStore
import LuagramTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("A DM with a NUL character")
struct NulTextEndToEndTests {
    static let account = "17841400000000001"
    static let contact = "1284567890123456"

    @Test("a signed webhook with \"a\\u0000b\" keeps the whole text in the store, the history and the agent API")
    func nulSurvives() async throws {
        let folder = try TemporaryFolder()
        let db = folder.path + "/luagram.db"
        let port = Int.random(in: 20_000..<40_000)
        let process = try LuagramProcess.startServe(
            db: db, port: port, environment: ["LUAGRAM_AGENT_TOKEN": "nul-test-token-0123456789"])
        defer { if process.isRunning { process.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<100 where (try? await ServeCommandTests.request(base + "/healthz"))?.status != 200 {
            try await Task.sleep(for: .milliseconds(100))
        }

        let now = Int(Date().timeIntervalSince1970 * 1000)
        let body = Data(
            #"{"object":"instagram","entry":[{"id":"\#(Self.account)","time":\#(now),"messaging":[{"sender":{"id":"\#(Self.contact)"},"recipient":{"id":"\#(Self.account)"},"timestamp":\#(now),"message":{"mid":"nul-1","text":"a\u0000b"}}]}]}"#
                .utf8)
        let signature = WebhookSignature.header(for: body, secret: "luagram-development-secret")
        #expect(try await ServeCommandTests.request(base + "/webhooks/instagram", body: body, signature: signature).status == 200)

        let store = try SQLiteStore(path: db)
        var stored: StoredMessage?
        for _ in 0..<50 where stored == nil {
            try await Task.sleep(for: .milliseconds(100))
            stored = try await store.message(mid: "nul-1")
        }
        #expect(stored?.text == "a\u{0}b")
        try store.close()

        var request = URLRequest(url: URL(string: base + "/agent/conversation?account=\(Self.account)&contact=\(Self.contact)")!)
        request.setValue("Bearer nul-test-token-0123456789", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let conversation = String(decoding: data, as: UTF8.self)
        #expect(conversation.contains(#""text":"a\u0000b""#), "\(conversation)")

        process.interrupt()
        process.waitUntilExit()
        let history = try LuagramProcess.run(["history", "--db", db, "--contact", Self.contact])
        #expect(history.output.contains("in   received  a\u{0}b\n"), "\(history.output.debugDescription)")
    }
}
