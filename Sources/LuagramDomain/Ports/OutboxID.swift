/// The identity of a decided send, derived from what caused it so that the same cause
/// can never be sent twice: a replayed event, or a worker resuming after a crash,
/// derives the same id and the outbox ignores the second insert.
///
/// A readable composite rather than a hash: an operator can see in the row which event
/// and handler it came from. Components are escaped, so different causes never collide.
public struct OutboxID: Sendable, Hashable, RawRepresentable, CustomStringConvertible, Comparable {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The id of the `index`-th intent `handler` recorded for `event`.
    ///
    /// `handler` must name the handler the same way on every run: its name in the rule
    /// set (by default the `file:line` of its `on`), or for a human agent the agent.
    public init(event: EventKey, handler: String, index: Int) {
        let parts = [event.account, event.kind, event.id, handler, String(index)]
        self.rawValue = parts.map(Self.escape).joined(separator: "|")
    }

    public var description: String { rawValue }

    public static func < (lhs: OutboxID, rhs: OutboxID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Percent-escapes the separator and the escape character itself, so the joined
    /// string stays injective whatever the ids contain.
    private static func escape(_ component: String) -> String {
        guard component.contains(where: { $0 == "|" || $0 == "%" }) else { return component }
        var out = ""
        for c in component {
            switch c {
            case "%": out += "%25"
            case "|": out += "%7C"
            default: out.append(c)
            }
        }
        return out
    }
}
