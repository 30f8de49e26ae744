/// A named set of string values a parameter or field takes: the event kinds, the reason
/// codes, the match modes. The editor definitions make each one a LuaLS `---@alias`, so a
/// misspelt value (`on("mesage", …)`) is flagged as the author types it.
public struct APIAlias: Sendable, Hashable {
    /// One accepted value and what it means.
    public struct Value: Sendable, Hashable {
        public var value: String
        public var doc: String

        public init(_ value: String, _ doc: String) {
            self.value = value
            self.doc = doc
        }
    }

    /// The LuaLS alias name (`luagram.EventKind`).
    public var name: String
    public var doc: String
    public var values: [Value]

    public init(_ name: String, _ doc: String, values: [Value]) {
        self.name = name
        self.doc = doc
        self.values = values
    }
}
