/// The shape of a table that crosses the rule API: what a decision, a message or a quick
/// reply holds. The editor definitions make each one a LuaLS class.
public struct APITable: Sendable, Hashable {
    /// The LuaLS class name (`luagram.Decision`); the Markdown reference shows the part after the dot.
    public var name: String
    public var doc: String
    public var fields: [APIField]

    public init(_ name: String, _ doc: String, fields: [APIField]) {
        self.name = name
        self.doc = doc
        self.fields = fields
    }

    /// The name without the `luagram.` prefix, as the rule API reference's headings show it.
    public var shortName: String {
        name.split(separator: ".").last.map(String.init) ?? name
    }
}
