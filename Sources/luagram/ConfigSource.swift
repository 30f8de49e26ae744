import Configuration
import Foundation
import LuagramApp
import Yams

/// Where a command's settings come from besides its own options: the YAML file `--config`
/// names and the `LUAGRAM_…` environment variables over it, looked up through
/// swift-configuration. The precedence is option > environment > file > default; each lookup
/// also marks its key as known, so keys the file sets and nobody asked for are refused.
final class ConfigSource {
    /// The configuration file, if one was given.
    let path: String?
    /// Every key the file sets, dotted ("http.port").
    let fileKeys: Set<String>
    private let file: YAMLSnapshot?
    private let environment: EnvironmentVariablesProvider
    private var knownKeys: Set<String> = []

    init(path: String?, environment: [String: String]) throws {
        self.path = path
        self.environment = EnvironmentVariablesProvider(environmentVariables: environment)
        guard let path else {
            (file, fileKeys) = (nil, [])
            return
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError("\(path): cannot read the configuration file (\(error.localizedDescription))")
        }
        let keys: Set<String>
        do {
            keys = try Self.keys(inYAML: String(decoding: data, as: UTF8.self))
        } catch {
            throw ConfigError("\(path): not valid YAML: \(error)")
        }
        fileKeys = keys
        // a file of comments only sets nothing, where the snapshot would refuse it as no mapping
        file = keys.isEmpty ? nil : try Self.snapshot(data, path: path)
    }

    private static func snapshot(_ data: Data, path: String) throws -> YAMLSnapshot {
        do {
            return try YAMLSnapshot(data: data.bytes, providerName: path, parsingOptions: .default)
        } catch {
            throw ConfigError("\(path): \(error)")
        }
    }

    /// The dotted keys of a YAML mapping's leaves; nothing for an empty document.
    static func keys(inYAML text: String) throws -> Set<String> {
        guard let root = try Yams.compose(yaml: text) else { return [] }
        guard let mapping = root.mapping else { throw ConfigError("the top level is not a mapping of keys to values") }
        var keys: Set<String> = []
        func walk(_ mapping: Node.Mapping, _ prefix: String) {
            for (key, value) in mapping {
                let name = prefix + (key.string ?? "\(key)")
                if let inner = value.mapping { walk(inner, name + ".") } else { keys.insert(name) }
            }
        }
        walk(mapping, "")
        return keys
    }

    /// The environment variable that sets KEY: `LUAGRAM_` and the key in capitals, dots and
    /// dashes as underscores (`http.port` is `LUAGRAM_HTTP_PORT`).
    static func environmentName(_ key: String) -> String {
        "LUAGRAM_" + key.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// KEY's text from the environment or else the file, with where it came from.
    func text(_ key: String) throws -> (text: String, source: String, fromFile: Bool)? {
        knownKeys.insert(key)
        let components = key.split(separator: ".").map(String.init)
        let variable = try environment.value(forKey: AbsoluteConfigKey(["luagram"] + components), type: .string)
        if case .string(let text)? = variable.value?.content, !text.isEmpty {
            return (text, Self.environmentName(key), false)
        }
        guard let file, let path, fileKeys.contains(key) else { return nil }
        let found = try? file.value(forKey: AbsoluteConfigKey(components), type: .string)
        guard case .string(let text)? = found?.value?.content else {
            throw ConfigError(source: path, key: key, "expected a single value, not a list")
        }
        return (text, path, true)
    }

    /// KEY's value, or nil when neither the environment nor the file sets it.
    func value<Value: ConfigText>(_ key: String, as type: Value.Type = Value.self) throws -> (value: Value, source: String)? {
        guard let found = try text(key) else { return nil }
        guard let value = Value(configText: found.text) else {
            throw ConfigError(source: found.source, key: key, "expected \(Value.expected), got \"\(found.text)\"")
        }
        return (value, found.source)
    }

    /// Sets TARGET from the option, else the environment, else the file; a value out of the
    /// file or the environment is checked to be in RANGE (the option was checked by its command).
    func apply<Value: ConfigText & Comparable>(
        _ key: String, option: Value?, to target: inout Value, in range: ClosedRange<Value>
    ) throws {
        let found = try value(key, as: Value.self)
        if let option {
            target = option
        } else if let found {
            guard range.contains(found.value) else {
                throw ConfigError(source: found.source, key: key, "expected \(range.lowerBound) to \(range.upperBound), got \(found.value)")
            }
            target = found.value
        }
    }

    /// Sets TARGET from the option, else the environment, else the file.
    func apply<Value: ConfigText>(_ key: String, option: Value?, to target: inout Value) throws {
        let found = try value(key, as: Value.self)
        if let option { target = option } else if let found { target = found.value }
    }

    /// A path: as `apply`, except that a relative path in the file is taken from the file's
    /// folder, so `serve --config /srv/shop/luagram.yaml` works from any working directory.
    func applyPath(_ key: String, option: String?, to target: inout String) throws {
        if let option {
            knownKeys.insert(key)
            target = option
        } else if let found = try text(key) {
            target = found.fromFile && !StoreOpener.isPostgres(found.text) ? resolved(found.text) : found.text
        }
    }

    private func resolved(_ name: String) -> String {
        guard let path, !name.hasPrefix("/") else { return name }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return folder.appendingPathComponent(name).path
    }

    /// Refuses KEY in the file when its value carries a secret (a password in a database
    /// URL): the file is shared, copied and committed. The environment may carry it.
    func refuseSecretInFile(_ key: String, if carriesSecret: (String) -> Bool, _ advice: String) throws {
        guard let file, let path, fileKeys.contains(key) else { return }
        let found = try? file.value(forKey: AbsoluteConfigKey(key.split(separator: ".").map(String.init)), type: .string)
        guard case .string(let text)? = found?.value?.content, carriesSecret(text) else { return }
        throw ConfigError(source: path, key: key, advice)
    }

    /// A secret: from the environment (`LUAGRAM_APP_SECRET` for `app_secret`), else from the
    /// file that KEY_file names (in the environment or the configuration file), which only its
    /// owner may read. Never from the configuration file itself: that file is shared, copied
    /// and committed, a secret in it leaks.
    func secret(_ key: String) throws -> String? {
        knownKeys.insert(key)
        if fileKeys.contains(key), let path {
            throw ConfigError(
                source: path, key: key,
                "secrets are not read from the configuration file; set \(Self.environmentName(key)), "
                    + "or name a file only you can read with \(key)_file (chmod 600 FILE)")
        }
        let fileKey = key + "_file"
        let fromEnvironment = try environment.value(
            forKey: AbsoluteConfigKey(["luagram"] + key.split(separator: ".").map(String.init)), type: .string)
        if case .string(let text)? = fromEnvironment.value?.content, !text.isEmpty {
            knownKeys.insert(fileKey)
            return text
        }
        guard let found = try text(fileKey) else { return nil }
        let secretPath = found.fromFile ? resolved(found.text) : found.text
        return try Self.readSecretFile(secretPath, source: found.source, key: fileKey)
    }

    /// The contents of a secret file, without the line end an editor adds; refused when the
    /// file's group or others have any permission on it.
    static func readSecretFile(_ secretPath: String, source: String, key: String) throws -> String {
        var info = stat()
        guard stat(secretPath, &info) == 0 else {
            throw ConfigError(source: source, key: key, "\(secretPath): \(String(cString: strerror(errno)))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw ConfigError(
                source: source, key: key,
                "\(secretPath) may be read by others (mode \(String(mode, radix: 8))); run chmod 600 \(secretPath)")
        }
        guard let contents = FileManager.default.contents(atPath: secretPath) else {
            throw ConfigError(source: source, key: key, "\(secretPath): cannot be read")
        }
        return String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Refuses keys the file sets that no lookup asked for: a misspelt key would otherwise be
    /// ignored without a word, and the server would run on a default the user meant to change.
    func refuseUnknownKeys() throws {
        guard let path else { return }
        let unknown = fileKeys.subtracting(knownKeys).sorted()
        guard let first = unknown.first else { return }
        let others = unknown.count > 1 ? " (also unknown: \(unknown.dropFirst().joined(separator: ", ")))" : ""
        throw ConfigError(source: path, key: first, "unknown key\(others); docs/configuration.md lists the keys")
    }
}
