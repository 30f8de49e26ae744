import Foundation

/// Where a PostgreSQL store lives, read from a `postgres://user:password@host:port/database`
/// URL (the form libpq and every PostgreSQL host documents), with two query options:
/// `schema=NAME` keeps Luagram's tables in their own schema (tests give each run one), and
/// `sslmode=disable|prefer|require` as libpq spells it, and `pool=N` caps this node's
/// connections (default 10: several nodes must fit PostgreSQL's `max_connections`, 100 by
/// default).
///
/// The password is kept apart so that `description` can be printed and logged.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is protected, in libpq's words.
    public enum TLSMode: String, Sendable, Hashable {
        case disable
        case prefer
        case require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var schema: String
    public var tls: TLSMode
    public var poolSize: Int

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    public init(url text: String) throws {
        guard Self.isURL(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty
        else {
            throw PostgresStoreError.badURL("expected postgres://user[:password]@host[:port]/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError.badURL("the URL names no user (postgres://USER@host/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw PostgresStoreError.badURL("the URL names no database (postgres://user@host/DATABASE)") }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.schema = "public"
        self.tls = .prefer
        self.poolSize = 10
        for item in components.queryItems ?? [] {
            switch item.name {
            case "schema":
                guard let name = item.value, Self.isPlainName(name) else {
                    throw PostgresStoreError.badURL("schema must be letters, digits and _ (got \(item.value ?? ""))")
                }
                schema = name
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw PostgresStoreError.badURL("sslmode must be disable, prefer or require")
                }
                tls = mode
            case "pool":
                guard let size = item.value.flatMap({ Int($0) }), (1...500).contains(size) else {
                    throw PostgresStoreError.badURL("pool must be a number of connections from 1 to 500")
                }
                poolSize = size
            default:
                throw PostgresStoreError.badURL("unknown option \(item.name) (known: schema, sslmode, pool)")
            }
        }
    }

    /// The URL without its password: safe to print and log.
    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        var text = "postgres://\(credentials)@\(host):\(port)/\(database)"
        var options: [String] = []
        if schema != "public" { options.append("schema=\(schema)") }
        if tls != .prefer { options.append("sslmode=\(tls.rawValue)") }
        if poolSize != 10 { options.append("pool=\(poolSize)") }
        if !options.isEmpty { text += "?" + options.joined(separator: "&") }
        return text
    }

    /// Identifiers Luagram puts into SQL text itself (a schema cannot be a bound parameter).
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return name.count <= 63 && name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
