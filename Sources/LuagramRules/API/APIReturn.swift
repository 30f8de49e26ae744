/// One value a rule API function returns.
public struct APIReturn: Sendable, Hashable {
    /// The Lua type in LuaLS annotation syntax; `?` at the end when it may be nil.
    public var type: String
    /// A short name for the value (LuaLS shows it beside the type).
    public var name: String
    public var doc: String

    public init(_ type: String, _ name: String, _ doc: String) {
        self.type = type
        self.name = name
        self.doc = doc
    }
}
