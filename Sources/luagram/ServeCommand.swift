import ArgumentParser
import CoreMetrics
import Foundation
import Hummingbird
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramInstagram
import LuagramPolicy
import LuagramRules
import LuagramServer
import LuagramStore
import Logging
import Prometheus
import ServiceLifecycle
import UnixSignals

/// `luagram serve`: receives Meta's webhooks, runs the rules and the policy, and queues
/// what may be sent.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive Instagram webhooks and run the rules on them.",
        discussion: """
            Secrets come from the environment: LUAGRAM_APP_SECRET (the Meta app secret; two, \
            comma-separated, while rotating), LUAGRAM_VERIFY_TOKEN (the webhook \
            verification token) and LUAGRAM_ACCESS_TOKENS (ACCOUNT=TOKEN pairs, \
            comma-separated, ACCOUNT@PAGE=TOKEN for an account connected with Facebook Login \
            through its Page; without them nothing is sent: a dry run that records and logs \
            what would have been sent) and LUAGRAM_AGENT_TOKEN (the bearer token of the \
            agent API; without it the API is off). Without an app secret, serve refuses to start unless --dev \
            is given, which accepts webhooks signed with the public development secret \
            "\(Self.developmentSecret)" (what scripts/send-webhook uses).
            """
    )

    static let developmentSecret = "luagram-development-secret"
    static let developmentVerifyToken = "luagram-development-token"

    @OptionGroup var rules: RulesFolderOption

    @Option(help: "The SQLite database file.")
    var db = "luagram.db"

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "The Graph API base URL (point it at fake-graph for a local demo).")
    var graphURL = GraphConfiguration.instagramLogin.baseURL

    @Option(help: "The Graph API base URL of accounts connected with Facebook Login (ACCOUNT@PAGE in LUAGRAM_ACCESS_TOKENS).")
    var facebookGraphURL = GraphConfiguration.facebookLogin.baseURL

    @Flag(help: "Check image URLs on loopback and private addresses too (tests and local demos).")
    var mediaAllowPrivate = false

    @Option(help: "Seconds a Graph call may take; a send left unanswered is checked with Meta before it is tried again.")
    var graphTimeout: Double = 15

    @Flag(help: "Development mode: accept webhooks signed with the public development secret. Never expose such a server.")
    var dev = false

    @Option(help: "Minutes the rules stay paused for a contact after a person answered them from the Instagram app.")
    var humanReplyPause: Double = 30

    @Option(help: "Rule workers, each with its own Lua VM; a contact's events always go to the same one.")
    var workers = min(4, ProcessInfo.processInfo.activeProcessorCount)

    @Option(help: "Attempts a webhook body gets (failed, or stopping the process) before it is quarantined.")
    var maxAttempts = 3

    @Option(help: "Seconds a client has to send a whole request, from its first byte; slower clients are disconnected.")
    var readTimeout: Double = 20

    @Option(help: "Seconds a connection may sit idle (kept alive between requests, or before its first request) before it is closed.")
    var idleTimeout: Double = 60

    @Flag(
        inversion: .prefixedNo,
        help: """
            Let agents answer from 24 hours to 7 days after the contact's last message with the HUMAN_AGENT tag \
            (on by default). Turn it off (--no-human-agent) when the app lacks Meta's Human Agent permission: \
            such messages are then refused with human_agent_disabled instead of failing at Meta.
            """)
    var humanAgent = true

    @OptionGroup var budgets: BudgetOptions

    #if LUAGRAM_BENCH_ROUTES
        /// Only in the benchmarks' build (`scripts/bench` passes -DLUAGRAM_BENCH_ROUTES).
        @Flag(help: .hidden) var benchRoutes = false
    #endif

    func validate() throws {
        guard graphTimeout > 0, graphTimeout <= 300 else { throw ValidationError("--graph-timeout takes seconds from 0 to 300") }
        guard humanReplyPause >= 0, humanReplyPause <= 7 * 24 * 60 else {
            throw ValidationError("--human-reply-pause takes minutes from 0 to 10080 (7 days)")
        }
        guard (1...100).contains(maxAttempts) else { throw ValidationError("--max-attempts takes a number from 1 to 100") }
        guard readTimeout >= 0.1, readTimeout <= 3600 else { throw ValidationError("--read-timeout takes seconds from 0.1 to 3600") }
        guard idleTimeout >= 0.1, idleTimeout <= 86_400 else {
            throw ValidationError("--idle-timeout takes seconds from 0.1 to 86400")
        }
    }

    func run() async throws {
        var logger = Logger(label: "luagram")
        logger.logLevel = .info
        let environment = ProcessInfo.processInfo.environment
        var secrets = (environment["LUAGRAM_APP_SECRET"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        var verifyToken = environment["LUAGRAM_VERIFY_TOKEN"] ?? ""
        if secrets.isEmpty {
            guard dev else {
                throw ValidationError("no app secret: set LUAGRAM_APP_SECRET, or pass --dev for a local development server")
            }
            secrets = [Self.developmentSecret]
            if verifyToken.isEmpty { verifyToken = Self.developmentVerifyToken }
            logger.critical(
                "DEVELOPMENT MODE: webhooks signed with the public development secret are accepted. Never expose this server.")
        }
        let folder = rules.folder
        let ruleOptions = RuleOptions(budgets: budgets.budgets)

        // one registry for the process: swift-metrics (the engine, Hummingbird's middleware)
        // records into it, /metrics emits it
        let registry = PrometheusCollectorRegistry()
        let metricsFactory = Self.metricsFactory(registry: registry)
        MetricsSystem.bootstrap(metricsFactory)

        let store = try SQLiteStore(path: db)
        let clock = SystemClock()
        let accessTokens = AccessTokenList(environment["LUAGRAM_ACCESS_TOKENS"] ?? "")
        let tokens = accessTokens.tokens
        let client = { (base: String) in
            GraphClient(
                configuration: GraphConfiguration(baseURL: base, timeout: .milliseconds(Int(graphTimeout * 1000))),
                tokens: StaticGraphTokens(tokens), logger: logger)
        }
        let messageSender: (any MessageSender)? =
            tokens.isEmpty
            ? nil
            : GraphMessageSender(client: client(graphURL), facebookClient: client(facebookGraphURL), logins: accessTokens.logins)
        if tokens.isEmpty { logger.warning("no LUAGRAM_ACCESS_TOKENS: dry run, nothing is sent to Meta") }
        let policy = Policy(limits: PolicyLimits(humanAgentTag: humanAgent))
        if !humanAgent { logger.notice("HUMAN_AGENT tag off: agents may answer only within 24 hours of the contact's last message") }
        // shared by the sender and every worker: an echo may be processed before its call returns
        let inFlight = InFlightSends()
        // learns each image's type and size before it is attached; no network without a token
        let media = messageSender == nil ? nil : MediaProbe(configuration: MediaProbe.Configuration(allowPrivateAddresses: mediaAllowPrivate))
        let sender = OutboxSender(
            outbox: store, conversations: store, sender: messageSender, policy: policy,
            journal: try SendJournal(path: SendJournal.path(forDatabase: db)), inFlight: inFlight, rateStore: store,
            media: media,
            lives: messageSender == nil
                ? nil : GraphLiveStatus(client: client(graphURL), facebookClient: client(facebookGraphURL), logins: accessTokens.logins),
            metricsFactory: metricsFactory, logger: logger)
        let router = Router()
        // before the routes: it wraps those added after it
        router.add(middleware: MetricsMiddleware())
        WebhookRoutes(
            configuration: WebhookServerConfiguration(appSecrets: secrets, verifyToken: verifyToken), inbox: store,
            clock: clock, logger: logger
        ).add(to: router)
        HealthRoutes(problems: {
            await sender.pausedAccounts(at: clock.now).map { "account \($0.account) paused: \($0.reason)" }
        }).add(to: router)
        WidgetRoutes().add(to: router)
        #if LUAGRAM_BENCH_ROUTES
            if benchRoutes { BareRoute().add(to: router) }
        #endif
        if let agentToken = environment["LUAGRAM_AGENT_TOKEN"], !agentToken.isEmpty {
            AgentRoutes(desk: AgentDesk(events: store, conversations: store, policy: policy), token: agentToken, clock: clock, logger: logger)
                .add(to: router)
        } else {
            logger.notice("no LUAGRAM_AGENT_TOKEN: the agent API is off")
        }
        let totals = ProcessingTotals(factory: metricsFactory)
        let gauges = ScrapedGauges(registry: registry)
        MetricsRoutes(registry: registry, refresh: {
            await gauges.refresh(store: store, sender: sender, at: clock.now)
        }).add(to: router)
        // every route before the application: it builds its responder from the router
        let app = Application(
            router: router,
            server: .luagram(timeouts: ServerTimeouts(read: .seconds(readTimeout), idle: .seconds(idleTimeout))),
            configuration: .init(address: .hostname(host, port: port), serverName: "luagram"), logger: logger)
        let engineLogger = logger
        var loop = ProcessingLoop(clock: clock, totals: totals, logger: logger)
        loop.appendsWaiting = { store.inboxAppendsWaiting }
        let processing = ProcessingService(
            loop: loop, workers: workers,
            makeProcessor: { worker in
                let runtime = try RuleRuntime(folder: folder, options: ruleOptions, now: clock.now)
                let rules = runtime.current
                // every worker loads the same folder: the first speaks for all
                if worker == 0 {
                    for error in rules.errors { engineLogger.error("rule not loaded: \(error.described(relativeTo: folder))") }
                    engineLogger.info(
                        "rules loaded",
                        metadata: [
                            "folder": "\(folder)", "files": "\(rules.files.count)", "handlers": "\(rules.allHandlers.count)",
                            "workers": "\(workers)",
                        ])
                }
                var options = InboxProcessor.Options()
                // decided without a token, a send stays a dry run even if a token is added later
                options.dryRun = messageSender == nil
                options.humanReplyPause = humanReplyPause * 60
                options.maxAttempts = maxAttempts
                return InboxProcessor(
                    inbox: store, events: store, conversations: store, rules: runtime, policy: policy, decode: WebhookDecoder.decodeBody,
                    options: options, inFlight: inFlight, logger: engineLogger)
            })
        let group = ServiceGroup(
            services: [app, processing, SendingService(sender: sender, clock: clock), HangupService(request: loop.reloadRequest)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        logger.info("luagram serving", metadata: ["address": "http://\(host):\(port)", "db": "\(db)"])
        try await group.run()
        await media?.shutdown()
        try store.close()
    }

    /// swift-metrics through Prometheus: the engine's timers get its latency buckets, and
    /// Hummingbird's request metrics (labelled by route template, method and status) get
    /// Luagram's prefix and Prometheus' unit suffixes.
    static func metricsFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        for label in [EngineMetrics.processingLatency, EngineMetrics.sendDelay] {
            factory.durationHistogramBuckets[label] = EngineMetrics.latencyBuckets
        }
        let names = [
            "hb.requests": "luagram_http_requests_total",
            "hb.request.errors": "luagram_http_request_errors_total",
            "http.server.request.duration": "luagram_http_request_duration_seconds",
            "http.server.active_requests": "luagram_http_active_requests",
        ]
        factory.nameAndLabelSanitizer = { name, labels in (names[name] ?? name, labels) }
        return factory
    }

}

/// The gauges /metrics reads when scraped: queue depths from the store, paused accounts.
/// Every state has its gauge, at 0 when it has no rows, so a state that empties reads 0.
struct ScrapedGauges: Sendable {
    let inbox: [InboxState: Prometheus.Gauge]
    let quarantined: Prometheus.Gauge
    let outbox: [OutboxState: Prometheus.Gauge]
    let paused: Prometheus.Gauge

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
    }

    /// Sets every gauge; a count the store cannot give keeps its last value.
    func refresh(store: SQLiteStore, sender: OutboxSender, at now: Date) async {
        if let counts = try? await store.inboxCounts() {
            for (state, gauge) in inbox { gauge.set(Double(counts[state] ?? 0)) }
            quarantined.set(Double(counts[.quarantined] ?? 0))
        }
        if let counts = try? await store.outboxCounts() {
            for (state, gauge) in outbox { gauge.set(Double(counts[state] ?? 0)) }
        }
        paused.set(Double(await sender.pausedAccounts(at: now).count))
    }
}

/// The inbox processor as a service: it stops taking new work on graceful shutdown.
struct ProcessingService: Service {
    let loop: ProcessingLoop
    let workers: Int
    let makeProcessor: @Sendable (_ worker: Int) throws -> InboxProcessor

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await loop.run(workers: workers, makeProcessor)
        }
    }
}

/// The sender as a service: sends what is due, and when nothing is, waits a little.
struct SendingService: Service {
    let sender: OutboxSender
    let clock: any Clock

    func run() async throws {
        await cancelWhenGracefulShutdown {
            _ = await sender.requeueInterrupted(now: clock.now)
            while !Task.isCancelled {
                let report = await sender.sendDue(now: clock.now)
                if report.outcomes.isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
            }
        }
    }
}
