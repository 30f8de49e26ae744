/// One contact of one account: how batches of contacts are looked up and told apart.
public struct ContactKey: Sendable, Hashable {
    public var account: String
    public var contact: String

    public init(account: String, contact: String) {
        self.account = account
        self.contact = contact
    }
}
