import Foundation

/// The outcome of one rule test (or of a test file that did not load).
public struct RuleTestResult: Sendable, Hashable {
    /// The test file, relative to the folder.
    public var file: String
    /// The test's name; nil for a file that failed to load.
    public var name: String?
    /// nil when it passed; else the failure, normally starting with the `file:line` of the
    /// failing assertion or rule.
    public var failure: String?

    public var passed: Bool { failure == nil }

    /// The test's line of `luagram test` output, with a failure's details indented below.
    public var report: String {
        let title = name ?? "(file did not load)"
        guard let failure else { return "ok    \(file): \(title)" }
        let lines = failure.split(separator: "\n", omittingEmptySubsequences: false)
        let first = lines.first.map(String.init) ?? ""
        // "file:line: message" → "FAIL  file:line: name: message"
        let located: String
        if let range = first.range(of: #"^[^\s:]+\.lua:\d+: "#, options: .regularExpression) {
            located = "FAIL  \(first[range])\(title): \(first[range.upperBound...])"
        } else {
            located = "FAIL  \(file): \(title): \(first)"
        }
        return ([located] + lines.dropFirst().map { "      " + $0 }).joined(separator: "\n")
    }
}
