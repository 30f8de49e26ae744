/// One field of a table rules read or write: the event, the contact, a decision, a message, …
public struct APIField: Sendable, Hashable {
    public var name: String
    /// The Lua type in LuaLS annotation syntax.
    public var type: String
    /// Whether the field may be absent (nil).
    public var optional: Bool
    public var doc: String

    public init(_ name: String, _ type: String, optional: Bool = false, _ doc: String) {
        self.name = name
        self.type = type
        self.optional = optional
        self.doc = doc
    }

    /// The same field, marked as possibly absent.
    public var asOptional: APIField {
        var field = self
        field.optional = true
        return field
    }

    /// The same field, marked as always present.
    public var asRequired: APIField {
        var field = self
        field.optional = false
        return field
    }
}
