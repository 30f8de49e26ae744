import ArgumentParser
import CoreMetrics
import Foundation
import LuagramApp
import LuagramGraph
import LuagramRules
import Logging
import Prometheus
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

    @Flag(
        inversion: .prefixedNo,
        help: """
            Ask Meta's User Profile API for a DM contact's name and username before the rules run, once a day \
            per contact (on by default; never in a dry run). Off (--no-profile-lookups): ev.contact.name stays unknown.
            """)
    var profileLookups = true

    @Option(help: "Seconds the rules wait for a contact's profile before they run without it (the lookup goes on for the next message).")
    var profileWait: Double = 1.5

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
        let settings = try settings(environment: ProcessInfo.processInfo.environment, logger: logger)
        // one registry for the process: swift-metrics (the engine, Hummingbird's middleware)
        // records into it, /metrics emits it
        let registry = PrometheusCollectorRegistry()
        let metricsFactory = LuagramMetrics.factory(registry: registry)
        MetricsSystem.bootstrap(metricsFactory)
        let built = try buildApplication(settings: settings, registry: registry, metricsFactory: metricsFactory, logger: logger)
        logger.info("luagram serving", metadata: ["address": "http://\(host):\(port)", "db": "\(db)"])
        try await built.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// The options and the environment as the builder's settings.
    func settings(environment: [String: String], logger: Logger) throws -> ServeSettings {
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
        var settings = ServeSettings(database: db, rulesFolder: rules.folder)
        settings.ruleOptions = RuleOptions(budgets: budgets.budgets)
        settings.host = host
        settings.port = port
        settings.readTimeout = readTimeout
        settings.idleTimeout = idleTimeout
        settings.appSecrets = secrets
        settings.verifyToken = verifyToken
        settings.agentToken = environment["LUAGRAM_AGENT_TOKEN"]
        settings.accessTokens = AccessTokenList(environment["LUAGRAM_ACCESS_TOKENS"] ?? "")
        settings.graphURL = graphURL
        settings.facebookGraphURL = facebookGraphURL
        settings.graphTimeout = graphTimeout
        settings.mediaAllowPrivate = mediaAllowPrivate
        settings.humanReplyPause = humanReplyPause
        settings.humanAgent = humanAgent
        settings.profileLookups = profileLookups
        settings.profileWait = profileWait
        settings.workers = workers
        settings.maxAttempts = maxAttempts
        #if LUAGRAM_BENCH_ROUTES
            settings.benchRoutes = benchRoutes
        #endif
        if settings.dryRun { logger.warning("no LUAGRAM_ACCESS_TOKENS: dry run, nothing is sent to Meta") }
        if !humanAgent { logger.notice("HUMAN_AGENT tag off: agents may answer only within 24 hours of the contact's last message") }
        return settings
    }
}
