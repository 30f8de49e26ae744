import Foundation
import Hummingbird
import Logging
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramPolicy
import LuagramRules
import ServiceLifecycle
import UnixSignals

/// One Luagram wired by `buildApplication`: the services to run, and the parts a test or a
/// command may drive directly (the store, the sender, a rules worker's processor).
public struct BuiltLuagram: Sendable {
    public typealias HTTPApplication = Application<RouterResponder<BasicRequestContext>>

    public let settings: ServeSettings
    public let store: any DataStore
    public let clock: any Clock
    public let policy: Policy
    public let sender: OutboxSender
    public let loop: ProcessingLoop
    /// Whether nothing is sent to Meta (no access token and no sender given).
    public let dryRun: Bool
    let inFlight: InFlightSends
    let media: MediaProbe?
    /// Contacts' names from the User Profile API, shared by the workers; nil when none are
    /// looked up (dry run, a sender given instead of tokens, or `profileLookups` off).
    public let profiles: ProfileDirectory?
    let logger: Logger
    /// The HTTP server, unless `settings.serveHTTP` is off.
    public private(set) var application: HTTPApplication?
    /// Renews stored Instagram tokens; nil without `settings.tokenKey`. A test calls its
    /// `refreshDue()` after moving the clock.
    public internal(set) var tokenRefresher: TokenRefresher?
    /// The server (if any), the rules workers, the sender and the SIGHUP reloader.
    public private(set) var services: [any Service] = []

    init(
        settings: ServeSettings, store: any DataStore, clock: any Clock, policy: Policy, sender: OutboxSender, loop: ProcessingLoop,
        dryRun: Bool, inFlight: InFlightSends, media: MediaProbe?, profiles: ProfileDirectory? = nil, logger: Logger
    ) {
        self.profiles = profiles
        self.settings = settings
        self.store = store
        self.clock = clock
        self.policy = policy
        self.sender = sender
        self.loop = loop
        self.dryRun = dryRun
        self.inFlight = inFlight
        self.media = media
        self.logger = logger
    }

    func with(application: HTTPApplication?, services: [any Service]) -> BuiltLuagram {
        var copy = self
        copy.application = application
        copy.services = services
        return copy
    }

    /// A rules worker's processor: its own rule runtime (a Lua VM per file) over the shared
    /// store, policy and calls in flight. Worker 0 reports what loaded.
    @Sendable public func makeProcessor(worker: Int) throws -> InboxProcessor {
        let folder = settings.rulesFolder
        let runtime = try RuleRuntime(folder: folder, options: settings.ruleOptions, now: clock.now)
        let rules = runtime.current
        // every worker loads the same folder: the first speaks for all
        if worker == 0 {
            for error in rules.errors { logger.error("rule not loaded: \(error.described(relativeTo: folder))") }
            logger.info(
                "rules loaded",
                metadata: [
                    "folder": "\(folder)", "files": "\(rules.files.count)", "handlers": "\(rules.allHandlers.count)",
                    "workers": "\(settings.workers)",
                ])
        }
        var options = InboxProcessor.Options()
        // decided without a token, a send stays a dry run even if a token is added later
        options.dryRun = dryRun
        options.humanReplyPause = settings.humanReplyPause * 60
        options.maxAttempts = settings.maxAttempts
        if StoreOpener.isPostgres(settings.database) { options.lease = ClusterService.bodyLease }
        return ProcessorFactory.make(store: store, rules: runtime, policy: policy, options: options, inFlight: inFlight, profiles: profiles, logger: logger)
    }

    /// Runs every service until one ends or a signal asks for a graceful shutdown, then lets
    /// go of the media probe and closes the store.
    public func run(gracefulShutdownSignals: [UnixSignal] = []) async throws {
        let group = ServiceGroup(services: services, gracefulShutdownSignals: gracefulShutdownSignals, logger: logger)
        do {
            try await group.run()
        } catch {
            try await shutdown()
            throw error
        }
        try await shutdown()
    }

    /// Lets go of what the parts hold: the media probe's HTTP client, the store.
    public func shutdown() async throws {
        await media?.shutdown()
        try await store.close()
    }
}
