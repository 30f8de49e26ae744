import CoreMetrics
import Foundation
import Hummingbird
import Logging
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramPolicy
import LuagramPostgres
import LuagramRules
import LuagramServer
import NIOCore
import Prometheus
import ServiceLifecycle

/// Wires one Luagram — store, Graph clients and sender, policy, rules workers, HTTP routes and
/// the services that run them — from `settings`, the way `serve` runs it. Everything else that
/// may differ between callers is a parameter:
/// - clock: tests move a `ManualClock` by hand.
/// - messageSender: used instead of the Graph sender built from the access tokens (a
///   recorder, say); then there is no media probe and no live-status check either.
/// - registry, metricsFactory: where metrics go. `MetricsSystem.bootstrap` is the executable's
///   business (once a process); pass it the factory given here, made from the same registry.
/// - random: the sender's jitter.
/// - onServerRunning: told the listening channel once the server is up (its port when 0).
public func buildApplication(
    settings: ServeSettings, clock: any Clock = SystemClock(), messageSender: (any MessageSender)? = nil,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), metricsFactory: (any MetricsFactory)? = nil,
    random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in },
    logger: Logger = Logger(label: "luagram")
) async throws -> BuiltLuagram {
    let metricsFactory = metricsFactory ?? LuagramMetrics.factory(registry: registry)
    // on PostgreSQL, one node among any number: it processes and sends only what it holds leases for
    let membership =
        StoreOpener.isPostgres(settings.database)
        ? ClusterMembership(node: settings.node ?? "\(ProcessInfo.processInfo.hostName):\(settings.port)", partitionOf: WebhookPartition.of)
        : nil
    let store = try await StoreOpener.open(
        settings.database, password: settings.databasePassword, membership: membership, logger: logger)
    // the environment's tokens and the stored accounts' (opened once; the refresher renews them)
    let vault = try settings.tokenKey.flatMap { $0.isEmpty ? nil : $0 }.map { try TokenVault(keyText: $0) }
    let tokens = try AccountTokens(environment: settings.accessTokens, stored: await store.connectedAccounts(), vault: vault)
    let client = { (base: String) in
        GraphClient(
            configuration: GraphConfiguration(baseURL: base, timeout: .milliseconds(Int(settings.graphTimeout * 1000))),
            tokens: tokens, logger: logger)
    }
    let graphSender: (any MessageSender)? =
        messageSender != nil || tokens.isEmpty
        ? nil : GraphMessageSender(client: client(settings.graphURL), facebookClient: client(settings.facebookGraphURL), logins: tokens.logins)
    let chosenSender = messageSender ?? graphSender
    let policy = Policy(limits: PolicyLimits(humanAgentTag: settings.humanAgent))
    // shared by the sender and every worker: an echo may be processed before its call returns
    let inFlight = InFlightSends()
    // learns each image's type and size before it is attached; no network without a token
    let media =
        graphSender == nil
        ? nil : MediaProbe(configuration: MediaProbe.Configuration(allowPrivateAddresses: settings.mediaAllowPrivate))
    let lives =
        graphSender == nil
        ? nil : GraphLiveStatus(client: client(settings.graphURL), facebookClient: client(settings.facebookGraphURL), logins: tokens.logins)
    // names for the rules, read with the sender's tokens; a given sender means no tokens to read with
    var profileOptions = ProfileDirectory.Options()
    profileOptions.wait = .milliseconds(Int(max(0, settings.profileWait) * 1000))
    let profiles =
        graphSender == nil || !settings.profileLookups
        ? nil
        : ProfileDirectory(
            lookup: GraphProfiles(client: client(settings.graphURL), facebookClient: client(settings.facebookGraphURL), logins: tokens.logins),
            options: profileOptions, logger: logger)
    let sender = OutboxSender(
        outbox: store, conversations: store, sender: chosenSender, policy: policy, configuration: settings.sender, random: random,
        journal: try SendJournal(path: StoreOpener.journalPath(forDatabase: settings.database, configured: settings.sendJournal)), inFlight: inFlight, rateStore: store,
        media: media, lives: lives, metricsFactory: metricsFactory, logger: logger)

    var loop = ProcessingLoop(clock: clock, totals: ProcessingTotals(factory: metricsFactory), logger: logger)
    loop.appendsWaiting = { store.inboxAppendsWaiting }
    let postgres = store as? PostgresStore
    if let postgres {
        // other nodes store bodies too: woken by their NOTIFY, with a slow look as a fallback
        loop.idleDelay = .seconds(1)
        loop.waitForWork = { await postgres.inboxDoorbell.wait(upTo: $0) }
    }
    let built = BuiltLuagram(
        settings: settings, store: store, clock: clock, policy: policy, sender: sender, loop: loop,
        dryRun: chosenSender == nil, inFlight: inFlight, media: media, profiles: profiles, logger: logger)

    let application =
        settings.serveHTTP
        ? makeHTTPApplication(built, registry: registry, onServerRunning: onServerRunning) : nil
    var services: [any Service] = []
    if let application { services.append(application) }
    services.append(ProcessingService(loop: loop, workers: settings.workers, makeProcessor: built.makeProcessor))
    services.append(SendingService(sender: sender, clock: clock))
    if let postgres, let membership {
        services.append(ClusterService(store: postgres, membership: membership, sender: sender, clock: clock, logger: logger))
    }
    if settings.reloadOnHangup { services.append(HangupService(request: loop.reloadRequest)) }
    // without a vault nothing is stored, so there is nothing to refresh
    let refresher = vault.map {
        TokenRefresher(
            store: store, vault: $0, client: client(settings.graphURL), tokens: tokens, sender: sender, clock: clock,
            interval: settings.tokenRefreshInterval, refreshBefore: settings.tokenRefreshBefore, logger: logger)
    }
    if let refresher { services.append(refresher) }
    var result = built.with(application: application, services: services)
    result.tokenRefresher = refresher
    return result
}

/// The router and the Hummingbird application: webhooks, health, widget, agent API, metrics.
private func makeHTTPApplication(
    _ built: BuiltLuagram, registry: PrometheusCollectorRegistry, onServerRunning: @escaping @Sendable (any Channel) async -> Void
) -> BuiltLuagram.HTTPApplication {
    let settings = built.settings
    let (store, sender, clock, logger) = (built.store, built.sender, built.clock, built.logger)
    let router = Router()
    // before the routes: it wraps those added after it
    router.add(middleware: MetricsMiddleware())
    WebhookRoutes(
        configuration: WebhookServerConfiguration(appSecrets: settings.appSecrets, verifyToken: settings.verifyToken), inbox: store,
        clock: clock, logger: logger
    ).add(to: router)
    HealthRoutes(problems: {
        await sender.pausedAccounts(at: clock.now).map { "account \($0.account) paused: \($0.reason)" }
            + (await ReauthProblems.describe(store: store))
    }).add(to: router)
    WidgetRoutes().add(to: router)
    #if LUAGRAM_BENCH_ROUTES
        if settings.benchRoutes { BareRoute().add(to: router) }
    #endif
    if let agentToken = settings.agentToken, !agentToken.isEmpty {
        AgentRoutes(
            desk: AgentDesk(events: store, conversations: store, policy: built.policy), token: agentToken, clock: clock, logger: logger
        ).add(to: router)
    } else {
        logger.notice("no LUAGRAM_AGENT_TOKEN: the agent API is off")
    }
    let gauges = ScrapedGauges(registry: registry)
    MetricsRoutes(registry: registry, refresh: {
        await gauges.refresh(store: store, sender: sender, at: clock.now)
    }).add(to: router)
    // every route before the application: it builds its responder from the router
    return Application(
        router: router,
        server: .luagram(timeouts: ServerTimeouts(read: .seconds(settings.readTimeout), idle: .seconds(settings.idleTimeout))),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "luagram"),
        onServerRunning: onServerRunning, logger: logger)
}
