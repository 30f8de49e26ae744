import Foundation
import LuagramTestSupport
import Testing

@Suite("the configuration file")
struct ConfigFileTests {
    /// Writes FILE's text into a new folder's luagram.yaml; returns the folder and the file.
    static func config(_ text: String) throws -> (folder: TemporaryFolder, file: String) {
        let folder = try TemporaryFolder()
        let file = folder.path + "/luagram.yaml"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file)
    }

    /// `serve --check-config` with ARGUMENTS and ENVIRONMENT: its status, and its settings by key.
    static func check(_ arguments: [String], environment: [String: String] = [:]) throws -> (
        status: Int32, settings: [String: String], errors: String
    ) {
        let result = try LuagramProcess.run(["serve", "--check-config"] + arguments, environment: environment)
        var settings: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            settings[String(line[..<colon])] = String(line[line.index(colon, offsetBy: 2)...])
        }
        return (result.status, settings, result.errorOutput)
    }

    @Test("an option beats its LUAGRAM_ environment variable, which beats the file, which beats the default")
    func precedence() throws {
        let (folder, file) = try Self.config("http:\n  port: 7001\n  host: 0.0.0.0\ndb: data/shop.db\ngraph:\n  timeout: 5\n")
        let defaults = try Self.check(["--dev"])
        #expect(defaults.status == 0, "\(defaults.errors)")
        #expect(defaults.settings["http.port"] == "8080")
        #expect(defaults.settings["db"] == "luagram.db")

        let fromFile = try Self.check(["--dev", "--config", file])
        #expect(fromFile.status == 0, "\(fromFile.errors)")
        #expect(fromFile.settings["http.port"] == "7001")
        #expect(fromFile.settings["http.host"] == "0.0.0.0")
        #expect(fromFile.settings["graph.timeout"] == "5.0")
        #expect(fromFile.settings["db"] == folder.path + "/data/shop.db", "a relative path in the file is from the file's folder")

        let environment = ["LUAGRAM_HTTP_PORT": "7002", "LUAGRAM_DB": "env.db"]
        let fromEnvironment = try Self.check(["--dev", "--config", file], environment: environment)
        #expect(fromEnvironment.settings["http.port"] == "7002")
        #expect(fromEnvironment.settings["db"] == "env.db")
        #expect(fromEnvironment.settings["http.host"] == "0.0.0.0", "what the environment does not set still comes from the file")

        let fromOption = try Self.check(["--dev", "--config", file, "--port", "7003", "--db", "flag.db"], environment: environment)
        #expect(fromOption.settings["http.port"] == "7003")
        #expect(fromOption.settings["db"] == "flag.db")
    }

    @Test("a secret file others may read is refused with the file named and chmod 600; once private it is read")
    func secretFilePermissions() throws {
        let (folder, file) = try Self.config("app_secret_file: app_secret\n")
        let secret = folder.path + "/app_secret"
        try "s3cret\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: secret)
        let refused = try Self.check(["--config", file])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("\(file): app_secret_file: \(secret) may be read by others (mode 644); run chmod 600 \(secret)"), "\(refused.errors)")

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        let accepted = try Self.check(["--config", file])
        #expect(accepted.status == 0, "\(accepted.errors)")
        #expect(accepted.settings["app_secret"] == "set (1)")
        #expect(!accepted.errors.contains("s3cret") && !accepted.settings.values.contains { $0.contains("s3cret") })

        let fromEnvironment = try Self.check([], environment: ["LUAGRAM_VERIFY_TOKEN_FILE": secret, "LUAGRAM_APP_SECRET": "x"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.errors)")
        #expect(fromEnvironment.settings["verify_token"] == "set")
    }

    @Test("a secret written in the configuration file is refused, naming the environment variable to use instead")
    func inlineSecretRefused() throws {
        for key in ["app_secret", "verify_token", "access_tokens", "agent_token"] {
            let (folder, file) = try Self.config("\(key): hunter2\n")
            defer { withExtendedLifetime(folder) {} }
            let result = try Self.check(["--dev", "--config", file])
            #expect(result.status != 0)
            #expect(result.errors.contains("\(file): \(key): secrets are not read from the configuration file"), "\(result.errors)")
            #expect(result.errors.contains(ConfigName.environment(key)), "\(result.errors)")
            #expect(!result.errors.contains("hunter2"))
        }
    }

    @Test("a bad value is an error naming where it came from and the key, and the command exits non-zero")
    func badValues() throws {
        let (folder, file) = try Self.config("http:\n  port: eighty\n")
        defer { withExtendedLifetime(folder) {} }
        let word = try Self.check(["--dev", "--config", file])
        #expect(word.status != 0)
        #expect(word.errors.contains("\(file): http.port: expected a whole number, got \"eighty\""), "\(word.errors)")

        let (rangeFolder, outOfRange) = try Self.config("max_attempts: 500\n")
        defer { withExtendedLifetime(rangeFolder) {} }
        let range = try Self.check(["--dev", "--config", outOfRange])
        #expect(range.status != 0)
        #expect(range.errors.contains("\(outOfRange): max_attempts: expected 1 to 100, got 500"), "\(range.errors)")

        let environment = try Self.check(["--dev"], environment: ["LUAGRAM_HUMAN_AGENT": "maybe"])
        #expect(environment.status != 0)
        #expect(environment.errors.contains("LUAGRAM_HUMAN_AGENT: human_agent: expected true or false, got \"maybe\""), "\(environment.errors)")

        let (brokenFolder, broken) = try Self.config("http: [1, 2\n")
        defer { withExtendedLifetime(brokenFolder) {} }
        let yaml = try Self.check(["--dev", "--config", broken])
        #expect(yaml.status != 0)
        #expect(yaml.errors.contains("\(broken): not valid YAML"), "\(yaml.errors)")
    }

    @Test("an unknown key is refused (a misspelt key would silently keep the default), in serve and in check")
    func unknownKeyRefused() throws {
        let (folder, file) = try Self.config("http:\n  prot: 9000\nworkres: 2\n")
        defer { withExtendedLifetime(folder) {} }
        let serve = try Self.check(["--dev", "--config", file])
        #expect(serve.status != 0)
        #expect(serve.errors.contains("\(file): http.prot: unknown key (also unknown: workres)"), "\(serve.errors)")
        let check = try LuagramProcess.run(["check", "--config", file, "--rules", "examples/rules"])
        #expect(check.status != 0)
        #expect(check.errorOutput.contains("\(file): http.prot: unknown key"), "\(check.errorOutput)")
    }

    @Test("check and inbox take the rules folder and the database from the configuration file")
    func otherCommandsReadTheFile() throws {
        let (folder, file) = try Self.config("rules: \(LuagramProcess.repositoryRoot.path)/examples/rules\ndb: shop.db\n")
        let check = try LuagramProcess.run(["check", "--config", file])
        #expect(check.status == 0, "\(check.errorOutput)")
        #expect(check.output.contains("\(LuagramProcess.repositoryRoot.path)/examples/rules/"), "\(check.output)")
        let quarantined = try LuagramProcess.run(["inbox", "quarantined", "--config", file])
        #expect(quarantined.status == 0, "\(quarantined.errorOutput)")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/shop.db"), "the database the file names was opened")
    }
}

/// The environment variable names the tests expect, spelt out rather than computed by the code under test.
enum ConfigName {
    static func environment(_ key: String) -> String {
        ["app_secret": "LUAGRAM_APP_SECRET", "verify_token": "LUAGRAM_VERIFY_TOKEN",
         "access_tokens": "LUAGRAM_ACCESS_TOKENS", "agent_token": "LUAGRAM_AGENT_TOKEN"][key] ?? key
    }
}
