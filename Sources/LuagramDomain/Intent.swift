/// What a rule asked for while handling an event. Rules only record intents; the host
/// decides on each one and carries it out.
public enum Intent: Sendable, Hashable {
    /// Answer in the contact's conversation.
    case reply(OutgoingMessage)
    /// Answer a comment privately, in the commenter's inbox (one per comment).
    case privateReply(OutgoingMessage)
    /// Send later, `seconds` after the event was handled.
    case followUp(seconds: Double, OutgoingMessage)
    /// Hand the conversation to a human; automation pauses for the contact.
    case handoff(reason: String)
    case tag(String)
    case untag(String)
    /// Keep (or, with nil, forget) a small value on the contact.
    case setValue(key: String, Value?)
    /// Message many contacts at once. Instagram has no broadcasts: always refused.
    case broadcast(OutgoingMessage)

    /// The name rules and logs use for the intent.
    public var name: String {
        switch self {
        case .reply: "reply"
        case .privateReply: "private_reply"
        case .followUp: "follow_up"
        case .handoff: "handoff"
        case .tag: "tag"
        case .untag: "untag"
        case .setValue: "set"
        case .broadcast: "broadcast"
        }
    }
}

/// Where an intent came from: a rule's handler at a source position, or a human agent.
public enum Origin: Sendable, Hashable, CustomStringConvertible {
    case rule(file: String, line: Int, handler: String)
    case agent(String)

    public var description: String {
        switch self {
        case .rule(let file, let line, _): "\(file):\(line)"
        case .agent(let name): "agent \(name)"
        }
    }
}

extension Intent {
    /// The message the intent would send, if it sends one.
    public var outgoingMessage: OutgoingMessage? {
        switch self {
        case .reply(let m), .privateReply(let m), .broadcast(let m), .followUp(_, let m): m
        case .handoff, .tag, .untag, .setValue: nil
        }
    }
}
