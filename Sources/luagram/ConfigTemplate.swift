import Foundation
import LuagramApp
import LuagramEngine
import LuagramLua
import LuagramPolicy

/// The commented configuration file `luagram init` writes beside a new rules folder: every key
/// `serve` reads, set to its default (so the file changes nothing until edited), and the
/// secrets as the `*_file` keys they may be given by, commented out.
enum ConfigTemplate {
    static let fileName = "luagram.yaml"

    /// The file, for a rules folder named RULES beside it.
    static func yaml(rules: String) -> String {
        let s = ServeSettings(database: "luagram.db", rulesFolder: rules)
        let budgets = LuaBudgets()
        return """
            # Luagram's configuration: `luagram serve --config \(fileName)` (check, test, simulate,
            # inbox and history take --config too). Every key can also be set by an environment
            # variable, LUAGRAM_ and the key in capitals with _ for . (http.port: LUAGRAM_HTTP_PORT),
            # and by serve's options (--port); an option beats the environment, which beats this
            # file. Relative paths here are taken from this file's folder. Unknown keys are refused.
            # The values below are the defaults. docs/configuration.md lists every key.

            # The database, a SQLite file (the send journal lies beside it) or, for several nodes,
            # postgres://USER@HOST:PORT/DATABASE with the password in database_password_file below
            # (docs/cluster.md); and the rules folder.
            db: \(s.database)
            rules: \(s.rulesFolder)
            \(c("# node: shop-1", "this node's name on PostgreSQL (default: HOSTNAME:PORT)"))
            \(c("# send_journal: /var/lib/luagram/sends", "this node's send journal on PostgreSQL"))

            http:
            \(c("  host: \(s.host)", "0.0.0.0 to listen on every interface"))
              port: \(s.port)
            \(c("  read_timeout: \(s.readTimeout)", "seconds a client has to send a whole request"))
            \(c("  idle_timeout: \(s.idleTimeout)", "seconds an idle connection stays open"))

            graph:
            \(c("  url: \(s.graphURL)", "accounts connected with Instagram Login"))
            \(c("  facebook_url: \(s.facebookGraphURL)", "accounts connected with Facebook Login (ACCOUNT@PAGE)"))
            \(c("  timeout: \(s.graphTimeout)", "seconds a Graph call may take"))
            \(c("  media_allow_private: \(s.mediaAllowPrivate)", "check image URLs on private addresses too (local demos)"))

            \(c("human_reply_pause: \(s.humanReplyPause)", "minutes the rules pause for a contact after a person answered"))
            \(c("human_agent: \(s.humanAgent)", "HUMAN_AGENT tag (24 h to 7 days); false without Meta's permission"))
            \(c("max_attempts: \(s.maxAttempts)", "attempts a webhook body gets before it is quarantined"))
            limits:
            \(c("  private_replies_per_hour: \(s.sender.rateLimits.privateReply.calls)", "per account; Meta allows 750"))
            \(c("# workers: 4", "rule workers, each with its own Lua VM (default: the cores, at most 4)"))
            \(c("# dev: true", "accept the public development secret; never on an exposed server"))

            # DM contacts' names from Meta's User Profile API, before the rules run (never in a dry run).
            profiles:
            \(c("  lookups: \(s.profileLookups)", "false: ev.contact.name stays unknown"))
            \(c("  wait: \(s.profileWait)", "seconds the rules wait for a profile, then run without it"))

            # Stored accounts' Instagram Login tokens (luagram accounts): how often the refresher
            # looks, and how long before expiry it renews (Meta renews a token once it is 24 h old).
            tokens:
            \(c("  refresh_interval: \(s.tokenRefreshInterval)", "seconds between the refresher's rounds"))
            \(c("  refresh_before: \(s.tokenRefreshBefore)", "seconds before expiry a token is renewed"))

            # The Lua sandbox's limits for each rule file.
            budgets:
              memory_mib: \(budgets.memoryBytes >> 20)
              handler_ms: \(budgets.handlerTime.milliseconds)
              load_ms: \(budgets.loadTime.milliseconds)
              pattern_steps: \(budgets.patternSteps)

            # Secrets never go in this file (it is refused): set them in the environment
            # (LUAGRAM_APP_SECRET, LUAGRAM_VERIFY_TOKEN, LUAGRAM_ACCESS_TOKENS, LUAGRAM_AGENT_TOKEN,
            # LUAGRAM_TOKEN_KEY),
            # or name files that only you can read (chmod 600 FILE; others are refused):
            \(c("# app_secret_file: secrets/app_secret", "the Meta app secret (two, comma-separated, while rotating)"))
            \(c("# verify_token_file: secrets/verify_token", "the webhook verification token"))
            \(c("# access_tokens_file: secrets/access_tokens", "ACCOUNT=TOKEN pairs, comma-separated"))
            \(c("# agent_token_file: secrets/agent_token", "the agent API's bearer token (no token: API off)"))
            \(c("# token_key_file: secrets/token_key", "the key that seals stored account tokens (32 bytes, base64)"))
            \(c("# database_password_file: secrets/db", "the PostgreSQL password (LUAGRAM_DATABASE_PASSWORD)"))

            """
    }

    /// A line with its comment, the comments of a block in one column.
    private static func c(_ text: String, _ comment: String) -> String {
        text.padding(toLength: max(text.count + 2, 46), withPad: " ", startingAt: 0) + "# " + comment
    }
}
