/// One parameter of a rule API function, as rule authors pass it.
public struct APIParameter: Sendable, Hashable {
    /// The name the documentation and the editor definitions use (`...` for any number of values).
    public var name: String
    /// The Lua type in LuaLS annotation syntax (`string`, `number`, `luagram.Message|string`, …), so
    /// the same text serves the definitions and the Markdown reference.
    public var type: String
    /// Whether the caller may leave it out.
    public var optional: Bool
    public var doc: String

    public init(_ name: String, _ type: String, optional: Bool = false, _ doc: String) {
        self.name = name
        self.type = type
        self.optional = optional
        self.doc = doc
    }
}
