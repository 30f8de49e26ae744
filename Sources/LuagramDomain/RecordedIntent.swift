/// One intent with where it came from and what the host decided.
public struct RecordedIntent: Sendable, Hashable {
    public var intent: Intent
    public var origin: Origin
    public var decision: Decision
    /// The position of the intent within its handler; with the event and the handler, it
    /// identifies the intent across replays.
    public var index: Int

    public init(intent: Intent, origin: Origin, decision: Decision, index: Int) {
        self.intent = intent
        self.origin = origin
        self.decision = decision
        self.index = index
    }
}
