import Foundation
import LuagramDomain

extension InboxProcessor {
    /// The profiles of the DM contacts among `events`, looked up when missing or stale (one
    /// wait for the whole batch, bounded by the directory's `wait`); empty without a
    /// directory.
    func knownProfiles(for events: [Event], at now: Date) async -> [ContactKey: ContactProfile] {
        guard let profiles else { return [:] }
        let keys = Set(events.filter(Self.wantsProfile).map { ContactKey(account: $0.account, contact: $0.contact.id) })
        guard !keys.isEmpty else { return [:] }
        return await profiles.profiles(for: keys, at: now)
    }

    /// Whether the event comes from a person writing to the account in DMs, who has thereby
    /// consented to the User Profile API. Commenters are named by their webhook's
    /// `from.username` (and would answer 230); echoes are the account's own messages; the
    /// dashboard's test payloads name no real user.
    static func wantsProfile(_ event: Event) -> Bool {
        switch event.kind {
        case .message, .postback, .referral, .reaction, .unsupported:
            return !event.contact.id.isEmpty && !event.contact.isUsernameOnly && !event.isFromAccount && !event.isTestPayload
        default:
            return false
        }
    }
}

extension Contact {
    /// Takes the User Profile API's name and username: the profile is newer than what the
    /// store remembers. A profile without a name clears it (Meta gives null once a user
    /// removed theirs); a username is never cleared.
    mutating func adopt(_ profile: ContactProfile) {
        name = profile.name.flatMap { $0.isEmpty ? nil : $0 }
        if let username = profile.username, !username.isEmpty { self.username = username }
    }
}
