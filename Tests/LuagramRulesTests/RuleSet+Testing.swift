import Foundation
import LuagramDomain
import LuagramRules
import LuagramTestSupport

extension RuleSet {
    /// Rules from (file name, source) pairs, loaded at the builders' time.
    convenience init(_ files: [(String, String)], options: RuleOptions = RuleOptions()) throws {
        try self.init(sources: files.map { RuleSource(name: $0.0, text: $0.1) }, options: options, now: EventBuilder.time)
    }

    func dispatch(_ event: Event) -> DispatchResult {
        dispatch(event, at: EventBuilder.time)
    }
}

extension DispatchResult {
    /// The texts of the replies, in order.
    var replies: [String] {
        intents.compactMap {
            if case .reply(let message) = $0.intent { return message.text }
            return nil
        }
    }
}
