/// An Instagram user in conversation with the account, as rules see them.
public struct Contact: Sendable, Hashable {
    /// The Instagram-scoped id (IGSID) of the user for this account.
    public var id: String
    public var username: String?
    public var name: String?
    /// Labels the rules (or agents) put on the contact, in the order they were added.
    public var tags: [String]
    /// Small values the rules keep about the contact.
    public var values: [String: Value]

    public init(id: String, username: String? = nil, name: String? = nil, tags: [String] = [], values: [String: Value] = [:]) {
        self.id = id
        self.username = username
        self.name = name
        self.tags = tags
        self.values = values
    }

    /// The name to show: the name, else the username, else the scoped id (Instagram shows a
    /// user it cannot name as a series of numbers).
    public var displayName: String {
        if let name, !name.isEmpty { return name }
        if let username, !username.isEmpty { return username }
        return id
    }
}
