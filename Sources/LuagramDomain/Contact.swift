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

    /// The contact id of a commenter Meta names only by username (`from: {username}`
    /// without `id`, as captured on ad comments): `@` and the username.
    ///
    /// Not empty, so such commenters do not all share one contact (and one private-reply
    /// record); not numeric, so it can never be taken for a real Instagram-scoped id — the
    /// same person writing a DM later arrives under their IGSID as another contact. Nothing
    /// can be sent to it but a private reply, which Meta addresses by comment id; replies in
    /// a conversation are refused, as the commenter never opened one.
    public static func usernameOnlyID(_ username: String) -> String { "@" + username }

    /// Whether the id is a `usernameOnlyID(_:)`, not an Instagram-scoped id.
    public var isUsernameOnly: Bool { id.hasPrefix("@") }

    /// The name to show: the name, else the username, else the scoped id (Instagram shows a
    /// user it cannot name as a series of numbers).
    public var displayName: String {
        if let name, !name.isEmpty { return name }
        if let username, !username.isEmpty { return username }
        return id
    }
}
