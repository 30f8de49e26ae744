import LuagramDomain

/// A rule's "no", thrown between the rules so each can stay a small function; `Policy`
/// turns it into `Decision.refuse` and never lets it out.
struct Refusal: Error, Equatable {
    var reason: ReasonCode
    init(_ reason: ReasonCode) { self.reason = reason }
}

extension Origin {
    /// Whether a person (not a rule) is writing: only people may use HUMAN_AGENT.
    var isHuman: Bool {
        if case .agent = self { return true }
        return false
    }
}
