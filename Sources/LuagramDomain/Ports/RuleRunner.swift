import Foundation

/// Runs the rules on one event: the engine's view of the Lua host. Not `Sendable`: a
/// runner owns a Lua VM and belongs to the one worker that made it.
public protocol RuleRunner: AnyObject {
    /// Runs every handler for the event; `decider` decides each intent as it is recorded.
    func run(_ event: Event, at now: Date, decider: any IntentDecider) -> RuleRun

    /// Loads the rules again if their files changed (or always, with `force`); returns a
    /// line for the log, or nil when nothing was done. Broken new rules leave the running
    /// ones in place.
    func reloadRulesIfChanged(force: Bool, now: Date) -> String?
}

/// What the rules did with one event.
public struct RuleRun: Sendable {
    /// Intents of the handlers that succeeded, in order, with their decisions.
    public var intents: [RecordedIntent]
    /// The contact's tags and values as the rules left them.
    public var contact: Contact
    /// One line per failed handler: `file:line: message (handler …, event …)`.
    public var failures: [String]

    public init(intents: [RecordedIntent], contact: Contact, failures: [String]) {
        self.intents = intents
        self.contact = contact
        self.failures = failures
    }
}
