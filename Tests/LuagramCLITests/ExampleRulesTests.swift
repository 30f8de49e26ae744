import Foundation
import Testing

@Suite("The example rules")
struct ExampleRulesTests {
    static var rules: URL { LuagramProcess.repositoryRoot.appendingPathComponent("examples/rules") }

    static func ruleFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: rules.path)
            .filter { $0.hasSuffix(".lua") && !$0.hasSuffix("_test.lua") }.sorted()
    }

    @Test("every example rule starts with two lines saying what it does, and has a test")
    func eachRuleHasItsTest() throws {
        let files = try Self.ruleFiles()
        #expect(files.count >= 10)
        for file in files {
            let text = try String(contentsOf: Self.rules.appendingPathComponent(file), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count > 2 && lines[0].hasPrefix("-- ") && lines[1].hasPrefix("-- "), "\(file)")
            let test = file.replacingOccurrences(of: ".lua", with: "_test.lua")
            #expect(FileManager.default.fileExists(atPath: Self.rules.appendingPathComponent(test).path), "\(file) has no \(test)")
        }
    }

    @Test("luagram test passes on the examples, and each test file shows a send and a refusal")
    func examplesPass() throws {
        let result = try LuagramProcess.run(["test", "--rules", "examples/rules"])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.range(of: #"\n\d+ passed, 0 failed\n$"#, options: .regularExpression) != nil, "\(result.output)")
        for file in try Self.ruleFiles() {
            let test = file.replacingOccurrences(of: ".lua", with: "_test.lua")
            let text = try String(contentsOf: Self.rules.appendingPathComponent(test), encoding: .utf8)
            #expect(text.contains("expect_sends"), "\(test) checks no send")
            #expect(text.contains("expect_refused"), "\(test) checks no refusal")
        }
    }
}
