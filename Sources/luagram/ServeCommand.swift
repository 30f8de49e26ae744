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
            Every option can also be set in the configuration file (--config; `luagram init` writes \
            a commented example, docs/configuration.md lists the keys) or by a LUAGRAM_… environment \
            variable (http.port is LUAGRAM_HTTP_PORT); an option overrides the environment, which \
            overrides the file. Secrets come from the environment, or from files named by *_file keys \
            that only their owner may read: LUAGRAM_APP_SECRET (the Meta app secret; two, \
            comma-separated, while rotating), LUAGRAM_VERIFY_TOKEN (the webhook \
            verification token) and LUAGRAM_ACCESS_TOKENS (ACCOUNT=TOKEN pairs, \
            comma-separated, ACCOUNT@PAGE=TOKEN for an account connected with Facebook Login \
            through its Page; without them nothing is sent: a dry run that records and logs \
            what would have been sent; they win over accounts stored by `luagram accounts add`, \
            whose tokens open with LUAGRAM_TOKEN_KEY) and LUAGRAM_AGENT_TOKEN (the bearer token of the \
            agent API; without it the API is off). Without an app secret, serve refuses to start unless --dev \
            is given, which accepts webhooks signed with the public development secret \
            "\(Self.developmentSecret)" (what scripts/send-webhook uses).
            """
    )

    static let developmentSecret = "luagram-development-secret"
    static let developmentVerifyToken = "luagram-development-token"

    @OptionGroup var config: ConfigOption

    @OptionGroup var rules: RulesFolderOption

    @Option(help: "The database: a SQLite file or a postgres://user@host/database URL (default: luagram.db).")
    var db: String?

    @Option(help: "This node's name in a cluster on PostgreSQL: unique, and the same after a restart (default: HOSTNAME:PORT).")
    var node: String?

    @Option(help: "This node's send journal, the sends it began (default: beside a SQLite file; luagram-sends for PostgreSQL).")
    var sendJournal: String?

    @Option(help: "Private replies an account may send per hour (default: Meta's 750); lower to stay well under it.")
    var privateRepliesPerHour: Int?

    @Option(help: "Address to listen on (default: 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default: 8080).")
    var port: Int?

    @Option(help: "The Graph API base URL (point it at fake-graph for a local demo).")
    var graphURL: String?

    @Option(help: "The Graph API base URL of accounts connected with Facebook Login (ACCOUNT@PAGE in LUAGRAM_ACCESS_TOKENS).")
    var facebookGraphURL: String?

    @Flag(help: "Check image URLs on loopback and private addresses too (tests and local demos).")
    var mediaAllowPrivate = false

    @Option(help: "Seconds a Graph call may take (default: 15); a send left unanswered is checked with Meta before it is tried again.")
    var graphTimeout: Double?

    @Flag(help: "Development mode: accept webhooks signed with the public development secret. Never expose such a server.")
    var dev = false

    @Option(help: "Minutes the rules stay paused for a contact after a person answered them from the Instagram app (default: 30).")
    var humanReplyPause: Double?

    @Option(help: "Rule workers, each with its own Lua VM (default: the cores, at most 4); a contact's events always go to the same one.")
    var workers: Int?

    @Option(help: "Attempts a webhook body gets (failed, or stopping the process) before it is quarantined (default: 3).")
    var maxAttempts: Int?

    @Option(help: "Seconds a client has to send a whole request, from its first byte (default: 20); slower clients are disconnected.")
    var readTimeout: Double?

    @Option(help: "Seconds a connection may sit idle (kept alive between requests, or before its first request) before it is closed (default: 60).")
    var idleTimeout: Double?

    @Flag(
        inversion: .prefixedNo,
        help: """
            Let agents answer from 24 hours to 7 days after the contact's last message with the HUMAN_AGENT tag \
            (on by default). Turn it off (--no-human-agent) when the app lacks Meta's Human Agent permission: \
            such messages are then refused with human_agent_disabled instead of failing at Meta.
            """)
    var humanAgent: Bool?

    @Flag(help: "Read the configuration (file, environment, options), print the settings it gives (secrets as set or unset), and exit without serving.")
    var checkConfig = false

    @Flag(
        inversion: .prefixedNo,
        help: """
            Ask Meta's User Profile API for a DM contact's name and username before the rules run, once a day \
            per contact (on by default; never in a dry run). Off (--no-profile-lookups): ev.contact.name stays unknown.
            """)
    var profileLookups: Bool?

    @Option(help: "Seconds the rules wait for a contact's profile before they run without it (the lookup goes on for the next message; default 1.5).")
    var profileWait: Double?

    @OptionGroup var budgets: BudgetOptions

    #if LUAGRAM_BENCH_ROUTES
        /// Only in the benchmarks' build (`scripts/bench` passes -DLUAGRAM_BENCH_ROUTES).
        @Flag(help: .hidden) var benchRoutes = false
    #endif

    func validate() throws {
        if let graphTimeout, !(graphTimeout > 0 && graphTimeout <= 300) {
            throw ValidationError("--graph-timeout takes seconds from 0 to 300")
        }
        if let humanReplyPause, !(humanReplyPause >= 0 && humanReplyPause <= 7 * 24 * 60) {
            throw ValidationError("--human-reply-pause takes minutes from 0 to 10080 (7 days)")
        }
        if let maxAttempts, !(1...100).contains(maxAttempts) { throw ValidationError("--max-attempts takes a number from 1 to 100") }
        if let workers, !(1...256).contains(workers) { throw ValidationError("--workers takes a number from 1 to 256") }
        if let privateRepliesPerHour, !(1...750).contains(privateRepliesPerHour) {
            throw ValidationError("--private-replies-per-hour takes a number from 1 to 750 (Meta's limit)")
        }
        if let readTimeout, !(readTimeout >= 0.1 && readTimeout <= 3600) {
            throw ValidationError("--read-timeout takes seconds from 0.1 to 3600")
        }
        if let idleTimeout, !(idleTimeout >= 0.1 && idleTimeout <= 86_400) {
            throw ValidationError("--idle-timeout takes seconds from 0.1 to 86400")
        }
    }

    func run() async throws {
        var logger = Logger(label: "luagram")
        logger.logLevel = .info
        let environment = ProcessInfo.processInfo.environment
        let settings = try settings(config: config.source(environment: environment), logger: logger)
        if checkConfig {
            print(Self.describe(settings))
            return
        }
        // one registry for the process: swift-metrics (the engine, Hummingbird's middleware)
        // records into it, /metrics emits it
        let registry = PrometheusCollectorRegistry()
        let metricsFactory = LuagramMetrics.factory(registry: registry)
        MetricsSystem.bootstrap(metricsFactory)
        let built = try await buildApplication(settings: settings, registry: registry, metricsFactory: metricsFactory, logger: logger)
        if built.dryRun { logger.warning("no LUAGRAM_ACCESS_TOKENS and no connected account: dry run, nothing is sent to Meta") }
        logger.info("luagram serving", metadata: ["address": "http://\(settings.host):\(settings.port)", "db": "\(StoreOpener.printable(settings.database))"])
        try await built.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
