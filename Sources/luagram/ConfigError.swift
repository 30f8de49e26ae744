/// A configuration value that cannot be used, said as `WHERE: KEY: what is wrong`, where WHERE
/// is the configuration file or the environment variable the value came from.
struct ConfigError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }

    init(source: String, key: String, _ message: String) {
        description = "\(source): \(key): \(message)"
    }
}
