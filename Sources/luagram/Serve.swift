import ArgumentParser
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
import ServiceLifecycle
import UnixSignals

/// `luagram serve`: receives Meta's webhooks, runs the rules and the policy, and queues
/// what may be sent.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive Instagram webhooks and run the rules on them.",
        discussion: """
            Secrets come from the environment: LUAGRAM_APP_SECRET (the Meta app secret; two, \
            comma-separated, while rotating), LUAGRAM_VERIFY_TOKEN (the webhook \
            verification token) and LUAGRAM_ACCESS_TOKENS (ACCOUNT=TOKEN pairs, \
            comma-separated; without them nothing is sent: a dry run that records and logs \
            what would have been sent). Without an app secret, serve refuses to start unless --dev \
            is given, which accepts webhooks signed with the public development secret \
            "\(Self.developmentSecret)" (what scripts/send-webhook uses).
            """
    )

    static let developmentSecret = "luagram-development-secret"
    static let developmentVerifyToken = "luagram-development-token"

    @Option(help: "The rules folder (default: ./rules if it exists, else examples/rules).")
    var rules: String?

    @Option(help: "The SQLite database file.")
    var db = "luagram.db"

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Option(help: "The Graph API base URL (point it at fake-graph for a local demo).")
    var graphURL = GraphConfiguration.instagramLogin.baseURL

    @Flag(help: "Development mode: accept webhooks signed with the public development secret. Never expose such a server.")
    var dev = false

    @OptionGroup var budgets: BudgetOptions

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
        let folder = rules ?? (FileManager.default.fileExists(atPath: "rules") ? "rules" : "examples/rules")
        let ruleOptions = RuleOptions(budgets: budgets.budgets)
        let check = try RuleSet(folder: folder, options: ruleOptions, now: Date())
        for error in check.errors { logger.error("rule not loaded: \(error.described(relativeTo: folder))") }
        logger.info("rules loaded", metadata: ["folder": "\(folder)", "files": "\(check.files.count)", "handlers": "\(check.allHandlers.count)"])

        let store = try SQLiteStore(path: db)
        let clock = SystemClock()
        let tokens = Self.accessTokens(environment["LUAGRAM_ACCESS_TOKENS"] ?? "")
        let messageSender: (any MessageSender)? =
            tokens.isEmpty
            ? nil
            : GraphMessageSender(
                client: GraphClient(
                    configuration: GraphConfiguration(baseURL: graphURL), tokens: StaticGraphTokens(tokens), logger: logger))
        if tokens.isEmpty { logger.warning("no LUAGRAM_ACCESS_TOKENS: dry run, nothing is sent to Meta") }
        let sender = OutboxSender(outbox: store, conversations: store, sender: messageSender, logger: logger)
        let router = Router()
        WebhookRoutes(
            configuration: WebhookServerConfiguration(appSecrets: secrets, verifyToken: verifyToken), inbox: store,
            clock: clock, logger: logger
        ).add(to: router)
        HealthRoutes(problems: {
            await sender.pausedAccounts(at: clock.now).map { "account \($0.account) paused: \($0.reason)" }
        }).add(to: router)
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "luagram"), logger: logger)
        let engineLogger = logger
        let processing = ProcessingService(
            loop: ProcessingLoop(clock: clock, logger: logger),
            makeProcessor: {
                let runtime = try RuleRuntime(folder: folder, options: ruleOptions, now: clock.now)
                return InboxProcessor(
                    inbox: store, events: store, conversations: store, rules: runtime, decode: Self.decode, logger: engineLogger)
            })
        let group = ServiceGroup(
            services: [app, processing, SendingService(sender: sender, clock: clock)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        logger.info("luagram serving", metadata: ["address": "http://\(host):\(port)", "db": "\(db)"])
        try await group.run()
        try store.close()
    }

    /// ACCOUNT=TOKEN pairs, comma-separated.
    static func accessTokens(_ text: String) -> [String: GraphAccessToken] {
        var tokens: [String: GraphAccessToken] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty { tokens[parts[0]] = GraphAccessToken(parts[1]) }
        }
        return tokens
    }

    static let decode: InboxProcessor.Decode = { body, receivedAt in
        let decoded = try WebhookDecoder().decode(Array(body), receivedAt: receivedAt)
        return DecodedBody(events: decoded.events, itemErrors: decoded.errors.map(\.description))
    }
}

/// The inbox processor as a service: it stops taking new work on graceful shutdown.
struct ProcessingService: Service {
    let loop: ProcessingLoop
    let makeProcessor: @Sendable () throws -> InboxProcessor

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await loop.run(makeProcessor)
        }
    }
}

/// The sender as a service: sends what is due, and when nothing is, waits a little.
struct SendingService: Service {
    let sender: OutboxSender
    let clock: any Clock

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let report = await sender.sendDue(now: clock.now)
                if report.outcomes.isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
            }
        }
    }
}
