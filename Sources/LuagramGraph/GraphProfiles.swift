import Foundation
import LuagramDomain

/// The User Profile API: a contact's name and username, read with the account's token from
/// the host its login uses — graph.instagram.com for Instagram Login
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/user-profile),
/// graph.facebook.com with the Page's token for Facebook Login
/// (https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/user-profile).
/// Only `name` and `username` are asked for: nothing else is kept.
public struct GraphProfiles: ProfileLookup {
    private let client: GraphClient
    private let facebookClient: GraphClient?
    private let logins: [String: GraphLogin]

    public init(client: GraphClient, facebookClient: GraphClient? = nil, logins: [String: GraphLogin] = [:]) {
        self.client = client
        self.facebookClient = facebookClient
        self.logins = logins
    }

    public func profile(account: String, contact: String) async throws(ProfileLookupError) -> ContactProfile {
        let client = if case .facebook? = logins[account] { facebookClient ?? self.client } else { self.client }
        let answer: Value
        do throws(GraphError) {
            answer = try await client.get(contact, query: [("fields", "name,username")], account: account)
        } catch {
            throw Self.lookupError(error)
        }
        return ContactProfile(name: GraphAnswer.string(answer["name"]), username: GraphAnswer.string(answer["username"]))
    }

    /// What a failed call means for asking again: 230 is the contact's missing consent
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/user-profile);
    /// throttles and refused tokens concern the whole account.
    static func lookupError(_ error: GraphError) -> ProfileLookupError {
        if error.code == 230 { return .noConsent }
        switch error.errorClass {
        case .throttled: return .throttled(retryAfter: error.retryAfter)
        case .reauthenticate: return .tokenRefused
        default: return .failed(error.description)
        }
    }
}
