import CoreMetrics
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuagramDomain
import LuagramInstagram
import LuagramServer
import LuagramStore
import LuagramTestSupport
import Prometheus
import Logging
import Synchronization
import Testing

@Suite("Webhook endpoints")
struct WebhookRoutesTests {
    static let secret = "app-secret-0123456789"
    static let token = "verify-me"
    let store: SQLiteStore
    let clock = ManualClock()

    init() throws {
        store = try SQLiteStore.inMemory()
    }

    /// The bodies in the inbox, oldest first.
    func stored() async throws -> [[UInt8]] {
        let rows = try await store.claimInbox(limit: 100, now: clock.now, leaseUntil: clock.now + 60)
        return rows.map { Array($0.body) }
    }

    func makeApplication(secrets: [String] = [secret]) -> some ApplicationProtocol {
        let router = Router()
        let routes = WebhookRoutes(
            configuration: WebhookServerConfiguration(appSecrets: secrets, verifyToken: Self.token, maximumBodyBytes: 64 << 10),
            inbox: store, clock: clock, logger: Logger(label: "test"))
        routes.add(to: router)
        return Application(router: router)
    }

    static let body = Array(#"{"object":"instagram","entry":[{"id":"1","time":1,"messaging":[]}]}"#.utf8)

    func signed(_ body: [UInt8], secret: String = secret) -> HTTPFields {
        [HTTPField.Name("X-Hub-Signature-256")!: WebhookSignature.header(for: body, secret: secret)]
    }

    @Test("the handshake answers the challenge for the right token and 403 otherwise")
    func handshake() async throws {
        try await makeApplication().test(.router) { client in
            try await client.execute(
                uri: "/webhooks/instagram?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", method: .get
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "1158201444")
            }
            try await client.execute(
                uri: "/webhooks/instagram?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", method: .get
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test("a signed body is stored, exactly as sent, before the 200")
    func signedBodyIsStored() async throws {
        try await makeApplication().test(.router) { client in
            try await client.execute(
                uri: "/webhooks/instagram", method: .post, headers: signed(Self.body), body: ByteBuffer(bytes: Self.body)
            ) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try await stored() == [Self.body])
    }

    @Test("a missing or wrong signature gets 403 and nothing is stored", arguments: [nil, "sha256=00", "other-secret"])
    func badSignature(signature: String?) async throws {
        try await makeApplication().test(.router) { client in
            var headers: HTTPFields = [:]
            if signature == "other-secret" {
                headers = signed(Self.body, secret: "other-secret")
            } else if let signature {
                headers[HTTPField.Name("X-Hub-Signature-256")!] = signature
            }
            try await client.execute(uri: "/webhooks/instagram", method: .post, headers: headers, body: ByteBuffer(bytes: Self.body)) {
                #expect($0.status == .forbidden)
            }
        }
        #expect(try await stored().isEmpty)
    }

    @Test("during a secret rotation both secrets are accepted")
    func rotation() async throws {
        try await makeApplication(secrets: ["new-secret", Self.secret]).test(.router) { client in
            for secret in ["new-secret", Self.secret] {
                try await client.execute(
                    uri: "/webhooks/instagram", method: .post, headers: signed(Self.body, secret: secret), body: ByteBuffer(bytes: Self.body)
                ) { #expect($0.status == .ok) }
            }
        }
        #expect(try await stored().count == 2)
    }

    @Test("when the inbox cannot store the body the answer is 503, so Meta delivers it again")
    func storeFailure() async throws {
        try store.close()
        try await makeApplication().test(.router) { client in
            try await client.execute(
                uri: "/webhooks/instagram", method: .post, headers: signed(Self.body), body: ByteBuffer(bytes: Self.body)
            ) { #expect($0.status == .serviceUnavailable) }
        }
    }

    @Test("a signed empty body is acknowledged, not retried forever, and nothing is stored")
    func emptyBody() async throws {
        try await makeApplication().test(.router) { client in
            try await client.execute(uri: "/webhooks/instagram", method: .post, headers: signed([]), body: ByteBuffer()) {
                #expect($0.status == .ok)
            }
        }
        #expect(try await stored().isEmpty)
    }

    @Test("an oversized body is refused before anything is stored")
    func oversizedBody() async throws {
        let big = [UInt8](repeating: 0x20, count: 65 << 10)
        try await makeApplication().test(.router) { client in
            try await client.execute(uri: "/webhooks/instagram", method: .post, headers: signed(big), body: ByteBuffer(bytes: big)) {
                #expect($0.status == .contentTooLarge)
            }
        }
        #expect(try await stored().isEmpty)
    }
}

@Suite("Health")
struct HealthRoutesTests {
    @Test("healthz is ok with no problems and 503 with them")
    func health() async throws {
        let problems = Mutex<[String]>([])
        let router = Router()
        HealthRoutes(problems: { problems.withLock { $0 } }).add(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            problems.withLock { $0 = [#"account 1784 paused: "throttled""#] }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == #"{"status":"degraded","problems":["account 1784 paused: \"throttled\""]}"#)
            }
        }
    }
}

@Suite("Metrics")
struct MetricsRoutesTests {
    @Test("metrics are served from the registry in Prometheus' text format, gauges refreshed when scraped")
    func prometheusText() async throws {
        let registry = PrometheusCollectorRegistry()
        let factory = PrometheusMetricsFactory(registry: registry)
        CoreMetrics.Counter(label: "luagram_events_processed_total", factory: factory).increment(by: 3)
        CoreMetrics.Counter(
            label: "luagram_decisions_total", dimensions: [("reason", "outside_window"), ("verdict", "refuse")], factory: factory
        ).increment(by: 2)
        let quarantined = registry.makeGauge(
            descriptor: MetricNameDescriptor(metricName: "luagram_inbox_quarantined", unitName: "", helpText: "Quarantined bodies."))
        let scrapes = Mutex(0)
        let router = Router()
        MetricsRoutes(registry: registry, refresh: {
            quarantined.set(Double(scrapes.withLock { $0 += 1; return $0 }))
        }).add(to: router)
        try await Application(router: router).test(.router) { client in
            for scrape in 1...2 {
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                    let text = String(buffer: response.body)
                    for expected in [
                        "# TYPE luagram_events_processed_total counter\nluagram_events_processed_total 3\n",
                        "# TYPE luagram_decisions_total counter\nluagram_decisions_total{reason=\"outside_window\",verdict=\"refuse\"} 2\n",
                        "# HELP luagram_inbox_quarantined Quarantined bodies.\n# TYPE luagram_inbox_quarantined gauge\nluagram_inbox_quarantined \(Double(scrape))\n",
                    ] {
                        #expect(text.contains(expected), "\(text)")
                    }
                }
            }
        }
    }
}
