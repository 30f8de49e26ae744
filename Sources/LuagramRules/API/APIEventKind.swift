/// One kind of event rules handle with `on(kind, handler)`, and the fields its events carry
/// beyond those every event has.
public struct APIEventKind: Sendable, Hashable {
    /// The name rules pass to `on` (`EventKind.rawValue`).
    public var name: String
    public var doc: String
    /// The kind's own fields (`ev.payload`, `ev.comment_id`, …).
    public var fields: [APIField]

    public init(_ name: String, _ doc: String, fields: [APIField]) {
        self.name = name
        self.doc = doc
        self.fields = fields
    }

    /// The LuaLS class of this kind's events: `luagram.MessageEvent`, `luagram.LiveCommentEvent`, …
    public var className: String {
        "luagram." + name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Event"
    }
}
