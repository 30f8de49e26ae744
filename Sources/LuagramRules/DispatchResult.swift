import Foundation
import LuagramDomain
import LuagramLua

/// What running the rules on one event produced.
public struct DispatchResult: Sendable {
    /// Every intent the handlers recorded, in the order they were recorded, with the host's
    /// decision on each. A handler that failed leaves none.
    public var intents: [RecordedIntent]
    /// Handlers that raised an error or ran out of budget.
    public var failures: [HandlerFailure]
    /// The contact as the rules left it (tags and values).
    public var contact: Contact
    /// What the rules logged.
    public var logs: [RuleLogEntry]
    /// How many handlers ran.
    public var handlersRun: Int
}

/// A handler that failed on an event. The other handlers still ran.
public struct HandlerFailure: Sendable, Hashable, CustomStringConvertible {
    public var handler: RuleHandler
    public var eventID: String
    public var error: LuaError
    /// Set when this failure was one overrun too many: the handler is skipped until then
    /// (`OverrunPolicy`).
    public var suspendedUntil: Date?

    public init(handler: RuleHandler, eventID: String, error: LuaError, suspendedUntil: Date? = nil) {
        self.handler = handler
        self.eventID = eventID
        self.error = error
        self.suspendedUntil = suspendedUntil
    }

    public var description: String {
        let location = error.ruleLocation.map { "\($0.file):\($0.line)" } ?? "\(handler.file):\(handler.line)"
        let suspended = suspendedUntil.map { "; suspended until \($0.formatted(.iso8601))" } ?? ""
        return "\(location): \(error.detail) (handler \(handler.name), event \(eventID))\(suspended)"
    }
}

/// A line a rule logged.
public struct RuleLogEntry: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable {
        case info, warn, error
    }

    public var level: Level
    public var message: String
    /// `file:line` of the call.
    public var source: String

    public init(level: Level, message: String, source: String) {
        self.level = level
        self.message = message
        self.source = source
    }
}
