import Foundation
import Logging
import LuagramRules
import LuagramSimulator
import LuagramTestSupport
import Testing

@Suite("Paths of t:webhook")
struct WebhookPathTests {
    static let body = #"{"object":"instagram","entry":[{"id":"17841400000000001","time":1700000000000,"messaging":[{"sender":{"id":"8450000000000001"},"recipient":{"id":"17841400000000001"},"timestamp":1700000000000,"message":{"mid":"m.recorded","text":"hi"}}]}]}"#

    /// Runs one test calling `t:webhook(path)` in a rules folder with a `rules` sub-folder,
    /// beside a webhook file outside it and symlinks to it: the test's failure, or nil.
    static func failure(of path: String) async throws -> String? {
        let outer = try TemporaryFolder()
        try outer.write("outside.json", body)
        let rules = outer.path + "/rules"
        try FileManager.default.createDirectory(atPath: rules + "/events", withIntermediateDirectories: true)
        try body.write(toFile: rules + "/events/dm.json", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: rules + "/events/escape.json", withDestinationPath: outer.path + "/outside.json")
        try FileManager.default.createSymbolicLink(atPath: rules + "/escape-dir", withDestinationPath: outer.path)
        try FileManager.default.createSymbolicLink(atPath: rules + "/events/inside.json", withDestinationPath: rules + "/events/dm.json")
        try RuleTestsTests.rule.write(toFile: rules + "/hello.lua", atomically: true, encoding: .utf8)
        let test = "test(\"path\", function(t) t:webhook(\"\(path.replacingOccurrences(of: "\"", with: "\\\""))\"); t:expect_sends{ {text = \"Hi!\"} } end)"
        try test.write(toFile: rules + "/path_test.lua", atomically: true, encoding: .utf8)
        var quiet = Logging.Logger(label: "test")
        quiet.logLevel = .critical
        let results = try await RuleTests(folder: rules, options: RuleOptions(logger: quiet)).run { _ in }
        return results.first?.failure
    }

    @Test("a file inside the rules folder is read, also through a symlink that stays inside", arguments: ["events/dm.json", "events/inside.json", "./events/../events/dm.json"])
    func inside(path: String) async throws {
        #expect(try await Self.failure(of: path) == nil)
    }

    @Test("paths out of the rules folder are refused, naming the path", arguments: [
        "../outside.json", "../../../../../../etc/passwd", "/etc/passwd", "events/escape.json", "escape-dir/outside.json",
    ])
    func outside(path: String) async throws {
        let failure = try #require(try await Self.failure(of: path))
        #expect(failure.contains("webhook: \(path) is outside the rules folder"), "\(failure)")
    }

    @Test("a missing file is named")
    func missing() async throws {
        let failure = try #require(try await Self.failure(of: "events/none.json"))
        #expect(failure.contains("webhook: cannot read events/none.json"), "\(failure)")
    }
}
