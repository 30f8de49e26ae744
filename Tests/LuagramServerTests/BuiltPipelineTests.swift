import AsyncHTTPClient
import Foundation
import Logging
import LuagramApp
import LuagramDomain
import LuagramInstagram
import LuagramTestSupport
import NIOCore
import NIOHTTP1
import Testing

/// `serve`'s wiring, built by `buildApplication` and run in-process with its services: a
/// server on a free port of 127.0.0.1, the rules workers and the sender posting to the Meta twin.
@Suite("The built pipeline")
struct BuiltPipelineTests {
    static let secret = "built-app-secret"
    static let contact = "1000000000000001"

    @Test("a signed webhook over real HTTP reaches the rules, and their reply reaches the Meta twin, as serve wires them")
    func webhookToReply() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        let folder = try TemporaryFolder()
        try folder.write("reply.lua", #"on("message", function(ev) ev:reply("Hello from the built pipeline") end)"#)
        var settings = ServeSettings(database: folder.path + "/luagram.db", rulesFolder: folder.path)
        settings.port = 0
        settings.appSecrets = [Self.secret]
        settings.accessTokens = AccessTokenList("\(FakeGraphServer.account)=\(FakeGraphServer.token)")
        settings.graphURL = graph.baseURL
        settings.workers = 2
        settings.reloadOnHangup = false
        var quiet = Logger(label: "built")
        quiet.logLevel = .critical
        let (ports, found) = AsyncStream.makeStream(of: Int.self)
        let built = try await buildApplication(
            settings: settings,
            onServerRunning: { channel in
                found.yield(channel.localAddress?.port ?? 0)
                found.finish()
            }, logger: quiet)
        #expect(!built.dryRun)
        let running = Task { try await built.run() }
        defer { running.cancel() }
        var next = ports.makeAsyncIterator()
        let port = try #require(await next.next())

        let body = EndToEndTests.dm("hello", from: Self.contact, mid: "m-built", at: Date())
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/webhooks/instagram")
        request.method = .POST
        request.headers.add(name: "X-Hub-Signature-256", value: WebhookSignature.header(for: body, secret: Self.secret))
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)

        var posted: [Value] = []
        for _ in 0..<500 {
            posted = graph.requests.compactMap(\.json).filter { $0["recipient"]?["id"]?.stringValue == Self.contact }
            if !posted.isEmpty { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(posted == [EndToEndTests.reply("Hello from the built pipeline", to: Self.contact)])
        running.cancel()
        _ = await running.result
    }
}
