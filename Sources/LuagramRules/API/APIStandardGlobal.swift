/// A global of Lua's standard library (a function, a value, or a library table with fields).
/// The registry lists Lua 5.4's and the sandbox's, so the lint and editor files can say what
/// the sandbox takes away.
public struct APIStandardGlobal: Sendable, Hashable {
    public var name: String
    /// The library's fields; empty for a function or a plain value.
    public var fields: [String]

    public init(_ name: String, fields: [String] = []) {
        self.name = name
        self.fields = fields
    }

    public var isLibrary: Bool { !fields.isEmpty }
}
