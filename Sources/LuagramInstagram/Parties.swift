/// Who is who in one messaging item.
struct Parties {
    /// The business account the event belongs to.
    var account: String
    /// The other party: the customer.
    var contact: String
    /// Whether the business is the sender.
    var fromSelf: Bool
}
