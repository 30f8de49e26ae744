import Foundation
import LuagramApp
import LuagramLua
import LuagramEngine
import LuagramPolicy
import LuagramRules
import Logging

/// How `serve`'s options, the `LUAGRAM_…` environment and the configuration file become the
/// builder's `ServeSettings`: one line per key, option > environment > file > default.
/// docs/configuration.md lists the keys; a new setting is one line here and one row there.
extension ServeCommand {
    func settings(config: ConfigSource, requireSecret: Bool = true, logger: Logger = Logger(label: "luagram")) throws
        -> ServeSettings
    {
        var s = ServeSettings(database: "luagram.db", rulesFolder: RulesFolderOption.defaultFolder)
        try config.applyPath("db", option: db, to: &s.database)
        try config.refuseSecretInFile("db", if: StoreOpener.hasPassword, "put the password in database_password_file, not in the URL")
        var journal = ""
        try config.applyPath("send_journal", option: sendJournal, to: &journal)
        s.sendJournal = journal.isEmpty ? nil : journal
        var node = ""
        try config.apply("node", option: self.node, to: &node)
        s.node = node.isEmpty ? nil : node
        try config.apply(
            "limits.private_replies_per_hour", option: privateRepliesPerHour, to: &s.sender.rateLimits.privateReply.calls,
            in: 1...750)
        try config.applyPath("rules", option: rules.rules, to: &s.rulesFolder)
        try config.apply("http.host", option: host, to: &s.host)
        try config.apply("http.port", option: port, to: &s.port, in: 0...65_535)
        try config.apply("http.read_timeout", option: readTimeout, to: &s.readTimeout, in: 0.1...3600)
        try config.apply("http.idle_timeout", option: idleTimeout, to: &s.idleTimeout, in: 0.1...86_400)
        try config.apply("graph.url", option: graphURL, to: &s.graphURL)
        try config.apply("graph.facebook_url", option: facebookGraphURL, to: &s.facebookGraphURL)
        try config.apply("graph.timeout", option: graphTimeout, to: &s.graphTimeout, in: 0.001...300)
        try config.apply("graph.media_allow_private", option: mediaAllowPrivate ? true : nil, to: &s.mediaAllowPrivate)
        try config.apply("human_reply_pause", option: humanReplyPause, to: &s.humanReplyPause, in: 0...10_080)
        try config.apply("human_agent", option: humanAgent, to: &s.humanAgent)
        try config.apply("profiles.lookups", option: profileLookups, to: &s.profileLookups)
        try config.apply("profiles.wait", option: profileWait, to: &s.profileWait, in: 0...30)
        try config.apply("workers", option: workers, to: &s.workers, in: 1...256)
        try config.apply("max_attempts", option: maxAttempts, to: &s.maxAttempts, in: 1...100)
        try config.apply("tokens.refresh_interval", option: Double?.none, to: &s.tokenRefreshInterval, in: 60...86_400)
        try config.apply("tokens.refresh_before", option: Double?.none, to: &s.tokenRefreshBefore, in: 86_400...59 * 86_400)
        s.ruleOptions = RuleOptions(budgets: try budgets.budgets(config: config))
        var development = false
        try config.apply("dev", option: dev ? true : nil, to: &development)
        #if LUAGRAM_BENCH_ROUTES
            s.benchRoutes = benchRoutes
        #endif

        s.appSecrets = (try config.secret("app_secret") ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        s.verifyToken = try config.secret("verify_token") ?? ""
        s.agentToken = try config.secret("agent_token")
        s.accessTokens = AccessTokenList(try config.secret("access_tokens") ?? "")
        s.tokenKey = try config.secret("token_key")
        s.databasePassword = try config.secret("database_password")
        try config.refuseUnknownKeys()

        if s.appSecrets.isEmpty && requireSecret {
            guard development else {
                throw ConfigError(
                    "no app secret: set LUAGRAM_APP_SECRET (or app_secret_file in the configuration file), "
                        + "or pass --dev for a local development server")
            }
            s.appSecrets = [Self.developmentSecret]
            if s.verifyToken.isEmpty { s.verifyToken = Self.developmentVerifyToken }
            logger.critical(
                "DEVELOPMENT MODE: webhooks signed with the public development secret are accepted. Never expose this server.")
        }
        if !s.humanAgent {
            logger.notice("HUMAN_AGENT tag off: agents may answer only within 24 hours of the contact's last message")
        }
        return s
    }

    /// The settings as `--check-config` prints them, by configuration key; secrets only as set
    /// or unset.
    static func describe(_ s: ServeSettings) -> String {
        let budgets = s.ruleOptions.budgets
        let rows: [(String, String)] = [
            ("db", StoreOpener.printable(s.database)), ("send_journal", s.sendJournal ?? "(default)"), ("node", s.node ?? "(HOSTNAME:PORT)"),
            ("limits.private_replies_per_hour", "\(s.sender.rateLimits.privateReply.calls)"), ("rules", s.rulesFolder),
            ("http.host", s.host), ("http.port", "\(s.port)"),
            ("http.read_timeout", "\(s.readTimeout)"), ("http.idle_timeout", "\(s.idleTimeout)"),
            ("graph.url", s.graphURL), ("graph.facebook_url", s.facebookGraphURL),
            ("graph.timeout", "\(s.graphTimeout)"), ("graph.media_allow_private", "\(s.mediaAllowPrivate)"),
            ("human_reply_pause", "\(s.humanReplyPause)"), ("human_agent", "\(s.humanAgent)"),
            ("profiles.lookups", "\(s.profileLookups)"), ("profiles.wait", "\(s.profileWait)"),
            ("workers", "\(s.workers)"), ("max_attempts", "\(s.maxAttempts)"),
            ("tokens.refresh_interval", "\(s.tokenRefreshInterval)"), ("tokens.refresh_before", "\(s.tokenRefreshBefore)"),
            ("budgets.memory_mib", "\(budgets.memoryBytes >> 20)"),
            ("budgets.handler_ms", "\(budgets.handlerTime.milliseconds)"),
            ("budgets.load_ms", "\(budgets.loadTime.milliseconds)"),
            ("budgets.pattern_steps", "\(budgets.patternSteps)"),
            ("app_secret", s.appSecrets.isEmpty ? "unset" : "set (\(s.appSecrets.count))"),
            ("verify_token", s.verifyToken.isEmpty ? "unset" : "set"),
            ("agent_token", (s.agentToken ?? "").isEmpty ? "unset" : "set"),
            ("access_tokens", s.accessTokens.tokens.isEmpty ? "unset" : "set (\(s.accessTokens.tokens.count))"),
            ("token_key", (s.tokenKey ?? "").isEmpty ? "unset" : "set"),
            ("database_password", (s.databasePassword ?? "").isEmpty ? "unset" : "set"),
        ]
        return rows.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
    }
}
