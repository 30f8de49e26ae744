import LuagramDomain
import LuagramLua

/// One handler a rule file registered with `on(kind, handler, options)`.
public struct RuleHandler: Sendable, Hashable {
    public var kind: EventKind
    /// The rule file, relative to the rules folder.
    public var file: String
    /// The line of the `on` call.
    public var line: Int
    /// The name given in the options, else `file:line`.
    public var name: String
    /// Higher runs first; default 0.
    public var priority: Int
    /// Registration order within its file.
    var sequence: Int

    /// Priority (highest first), then file name, then registration order: the same on every
    /// machine and every run.
    static func runsBefore(_ a: RuleHandler, _ b: RuleHandler) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        if a.file != b.file { return a.file < b.file }
        return a.sequence < b.sequence
    }
}
