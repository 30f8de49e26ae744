import Foundation
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("luagram init")
struct InitCommandTests {
    static func read(_ folder: String, _ path: String) -> String? {
        try? String(contentsOfFile: folder + "/" + path, encoding: .utf8)
    }

    @Test("init creates a rules folder with a rule, its test, a recorded webhook and the generated editor files")
    func createsFolder() throws {
        let parent = try TemporaryFolder()
        let folder = parent.path + "/rules"
        let result = try LuagramProcess.run(["init", folder])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        for file in EditorFiles.rulesFolderFiles() {
            #expect(Self.read(folder, file.path) == file.contents, "\(file.path)")
        }
        let rule = try #require(Self.read(folder, "welcome.lua"))
        let lines = rule.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count > 3 && lines[0].hasPrefix("-- ") && lines[1].hasPrefix("-- ") && lines[2].isEmpty, "\(rule)")
        let test = try #require(Self.read(folder, "welcome_test.lua"))
        #expect(test.contains("t:webhook(\"events/dm.json\")"))
        #expect(Self.read(folder, "events/dm.json") != nil)
        #expect(Self.read(folder, EditorFiles.referencePath) == nil, "docs/rule-api.md is for the repository, not a rules folder")
        #expect(result.output.contains("luagram test --rules \(folder)"))
        #expect(result.output.contains("luagram serve --dev --rules \(folder)"))
    }

    @Test("init writes a commented luagram.yaml beside the folder that serve --config accepts and that changes no default")
    func writesConfigFile() throws {
        let parent = try TemporaryFolder()
        let folder = parent.path + "/rules"
        let result = try LuagramProcess.run(["init", folder])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        let config = parent.path + "/luagram.yaml"
        let text = try #require(Self.read(parent.path, "luagram.yaml"))
        #expect(text.hasPrefix("# "), "the file is commented")
        #expect(text.contains("# app_secret_file:"), "secrets are shown as *_file keys, commented out")
        #expect(result.output.contains("luagram serve --dev --config \(config)"), "\(result.output)")

        let withFile = try LuagramProcess.run(["serve", "--dev", "--check-config", "--config", config])
        #expect(withFile.status == 0, "\(withFile.errorOutput)")
        let defaults = try LuagramProcess.run(
            ["serve", "--dev", "--check-config", "--db", parent.path + "/luagram.db", "--rules", folder])
        #expect(defaults.status == 0, "\(defaults.errorOutput)")
        #expect(withFile.output == defaults.output)
        #expect(withFile.output.contains("http.port: 8080"), "\(withFile.output)")

        // a second init beside it keeps the user's file
        try "http:\n  port: 9000\n".write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try LuagramProcess.run(["init", parent.path + "/more"]).status == 0)
        #expect(Self.read(parent.path, "luagram.yaml") == "http:\n  port: 9000\n")
    }

    @Test("the created folder's tests pass with luagram test, and a broken rule makes them fail")
    func createdFolderTestsPass() throws {
        let parent = try TemporaryFolder()
        let folder = parent.path + "/rules"
        #expect(try LuagramProcess.run(["init", folder]).status == 0)
        let passing = try LuagramProcess.run(["test", "--rules", folder])
        #expect(passing.status == 0, "\(passing.output)\(passing.errorOutput)")
        #expect(passing.output.hasSuffix("3 passed, 0 failed\n"), "\(passing.output)")
        #expect(passing.output.split(separator: "\n").filter { $0.hasPrefix("ok    welcome_test.lua: ") }.count == 3)

        let rule = try #require(Self.read(folder, "welcome.lua"))
        try rule.replacingOccurrences(of: "ev:reply(", with: "ev:reply(nil .. ").write(
            toFile: folder + "/welcome.lua", atomically: true, encoding: .utf8)
        let failing = try LuagramProcess.run(["test", "--rules", folder])
        #expect(failing.status == 1)
        #expect(failing.output.contains("FAIL  welcome_test.lua:"), "\(failing.output)")
        #expect(failing.output.contains("a rule failed: welcome.lua:"), "\(failing.output)")
        #expect(failing.output.hasSuffix("0 passed, 3 failed\n"), "\(failing.output)")
    }

    @Test("the created folder loads with luagram check and is clean under luacheck")
    func createdFolderLoadsAndLints() throws {
        let parent = try TemporaryFolder()
        let folder = parent.path + "/rules"
        #expect(try LuagramProcess.run(["init", folder]).status == 0)
        let check = try LuagramProcess.run(["check", "--rules", folder])
        #expect(check.status == 0, "\(check.output)\(check.errorOutput)")
        #expect(check.output == "\(folder)/welcome.lua: 1 handler (message)\n1 rule files: 1 loaded with 1 handler, 0 broken\n")

        let luacheck = Process()
        luacheck.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        luacheck.arguments = ["luacheck", "--no-color", "."]
        luacheck.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        luacheck.standardOutput = pipe
        luacheck.standardError = pipe
        try luacheck.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        luacheck.waitUntilExit()
        #expect(luacheck.terminationStatus == 0, "\(output)")
        #expect(output.contains("welcome_test.lua"), "the test file is linted too\n\(output)")
    }

    @Test("the recorded webhook is a direct message from the tests' default contact to their default account")
    func recordedWebhookDecodes() throws {
        let parent = try TemporaryFolder()
        let folder = parent.path + "/rules"
        #expect(try LuagramProcess.run(["init", folder]).status == 0)
        let decoded = try LuagramProcess.run(["decode", folder + "/events/dm.json"])
        #expect(decoded.status == 0, "\(decoded.output)\(decoded.errorOutput)")
        let lines = decoded.output.split(separator: "\n")
        #expect(lines.count == 1, "\(decoded.output)")
        let event = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(event["kind"] as? String == "message")
        #expect(event["account"] as? String == "17841400000000001")
        #expect((event["contact"] as? [String: Any])?["id"] as? String == "8450000000000001")
        #expect(event["time"] as? String == "2026-01-05T10:00:00.000Z")
        #expect((event["text"] as? String)?.contains("price") == true)
    }

    @Test("init refuses a folder that is not empty, unless --force")
    func refusesNonEmptyFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("mine.lua", "-- mine\n")
        let refused = try LuagramProcess.run(["init", folder.path])
        #expect(refused.status != 0)
        #expect(refused.errorOutput.contains("is not empty"), "\(refused.errorOutput)")
        #expect(Self.read(folder.path, "welcome.lua") == nil)

        let forced = try LuagramProcess.run(["init", "--force", folder.path])
        #expect(forced.status == 0, "\(forced.errorOutput)")
        #expect(Self.read(folder.path, "welcome.lua") != nil)
        #expect(Self.read(folder.path, "mine.lua") == "-- mine\n")
    }

    @Test("init --editor-files-only rewrites just the generated files into an existing folder")
    func editorFilesOnly() throws {
        let folder = try TemporaryFolder()
        try folder.write("mine.lua", "on('message', function(ev) ev:reply('hi') end)\n")
        try folder.write(EditorFiles.luarcPath, "{}")
        let result = try LuagramProcess.run(["init", "--editor-files-only", folder.path, "--reference", folder.path + "/api.md"])
        #expect(result.status == 0, "\(result.errorOutput)")
        for file in EditorFiles.rulesFolderFiles() {
            #expect(Self.read(folder.path, file.path) == file.contents, "\(file.path)")
        }
        #expect(Self.read(folder.path, "api.md") == EditorFiles.reference().contents)
        #expect(Self.read(folder.path, "welcome.lua") == nil)
        #expect(Self.read(folder.path, "mine.lua") == "on('message', function(ev) ev:reply('hi') end)\n")

        let missing = try LuagramProcess.run(["init", "--editor-files-only", folder.path + "/nowhere"])
        #expect(missing.status != 0)
        #expect(missing.errorOutput.contains("no such folder"), "\(missing.errorOutput)")
    }
}
