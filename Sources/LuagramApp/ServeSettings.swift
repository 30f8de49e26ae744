import Foundation
import LuagramEngine
import LuagramGraph
import LuagramRules

/// Everything that makes one Luagram server differ from another: what `serve`'s options and
/// environment give, as plain values with `serve`'s defaults. The builder reads nothing else,
/// so a test, the benchmarks or a later source of configuration fill in the same value.
public struct ServeSettings: Sendable {
    /// The database: a SQLite file (its send journal lies beside it) or a `postgres://` URL.
    public var database: String
    /// The PostgreSQL password, when the URL carries none (`LUAGRAM_DATABASE_PASSWORD`).
    public var databasePassword: String?
    /// This node's send journal; nil: beside a SQLite file, `luagram-sends` for PostgreSQL.
    public var sendJournal: String?
    /// This node's name among several on PostgreSQL; nil: `HOSTNAME:PORT`.
    public var node: String?
    /// The rules folder.
    public var rulesFolder: String
    public var ruleOptions = RuleOptions()

    /// Whether an HTTP server is built at all (processing and sending run without one).
    public var serveHTTP = true
    public var host = "127.0.0.1"
    /// 0 takes a free port; `LuagramApp.build`'s `onServerRunning` learns which.
    public var port = 8080
    /// Seconds a client has to send a whole request, from its first byte.
    public var readTimeout: Double = 20
    /// Seconds a connection may sit idle before it is closed.
    public var idleTimeout: Double = 60

    /// The Meta app secrets webhooks are signed with (two while rotating).
    public var appSecrets: [String] = []
    /// The webhook verification token.
    public var verifyToken = ""
    /// The bearer token of the agent API; nil or empty turns the API off.
    public var agentToken: String?
    /// The Graph API tokens by account; none makes a dry run (nothing is sent to Meta).
    public var accessTokens = AccessTokenList("")

    /// `LUAGRAM_TOKEN_KEY`: the key stored tokens are sealed with (32 bytes, base64 or hex);
    /// nil: stored accounts make the build fail rather than go unused.
    public var tokenKey: String?
    /// Seconds between the token refresher's rounds.
    public var tokenRefreshInterval: Double = 3600
    /// Seconds before its expiry a stored Instagram token is refreshed (once 24 hours old).
    public var tokenRefreshBefore: Double = 10 * 86400

    public var graphURL = GraphConfiguration.instagramLogin.baseURL
    public var facebookGraphURL = GraphConfiguration.facebookLogin.baseURL
    /// Seconds a Graph call may take.
    public var graphTimeout: Double = 15
    /// Whether image URLs on loopback and private addresses are checked too.
    public var mediaAllowPrivate = false
    public var sender = SenderConfiguration()

    /// Whether DM contacts' names and usernames are read from the User Profile API before the
    /// rules run (only where messages really go to Meta: never in a dry run).
    public var profileLookups = true
    /// Seconds a worker waits for a profile lookup before it runs the rules without it.
    public var profileWait: Double = 1.5

    /// Minutes the rules stay paused for a contact after a person answered from the app.
    public var humanReplyPause: Double = 30
    /// Whether agents may answer with the HUMAN_AGENT tag from 24 hours to 7 days.
    public var humanAgent = true
    /// Rule workers, each with its own Lua VM.
    public var workers = min(4, ProcessInfo.processInfo.activeProcessorCount)
    /// Attempts a webhook body gets before it is quarantined.
    public var maxAttempts = 3
    /// Whether SIGHUP reloads the rules (off where the process is not a server's).
    public var reloadOnHangup = true
    /// The benchmarks' bare route; only honoured in a build with -DLUAGRAM_BENCH_ROUTES.
    public var benchRoutes = false

    public init(database: String, rulesFolder: String) {
        self.database = database
        self.rulesFolder = rulesFolder
    }

    /// Whether no token comes from the environment (stored accounts may still have some:
    /// `BuiltLuagram.dryRun` says what the build decided).
    public var dryRun: Bool { accessTokens.tokens.isEmpty }
}
