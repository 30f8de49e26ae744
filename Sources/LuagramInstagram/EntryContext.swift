import Foundation

/// What the entry around an item says: the account and the time Meta sent the notification.
struct EntryContext {
    /// `entry.id`: the business account, or `"0"` in dashboard test payloads.
    let id: String?
    let time: Date?
    let path: String

    var isTest: Bool { id == "0" }

    /// The business account, when `entry.id` names one.
    var businessID: String? { isTest ? nil : id }
}
