import Foundation
import Hummingbird
import LuagramDomain
import Synchronization

/// What the twin knows about accounts and contacts beyond the messages: which tokens work and
/// until when, who the contacts are, and which threads another app holds.
struct AccountsState: Sendable {
    var tokens: [String: String]
    /// Token → when it stops working (190 after), and when it was issued.
    var expiries: [String: Date] = [:]
    var issued: [String: Date] = [:]
    /// Contact (IGSID) → the profile the User Profile API answers; nil: not consented yet.
    var profiles: [String: FakeGraphServer.Profile?] = [:]
    /// Whether a contact without a `setProfile` gets a made-up one (`everyProfile`).
    var everyProfile = false
    /// How long profile answers wait (`setProfileDelay`).
    var profileDelay: Duration?
    /// Contacts whose thread another app holds (Handover Protocol's standby).
    var standby: Set<String> = []
    var refreshes = 0
}

extension FakeGraphServer {
    /// A contact's profile as the User Profile API gives it
    /// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/user-profile).
    public struct Profile: Sendable, Hashable {
        public var name: String?
        public var username: String?

        public init(name: String?, username: String?) {
            self.name = name
            self.username = username
        }
    }

    /// The profile `GET /{igsid}` answers for the contact; nil: the contact has not consented
    /// yet (never wrote to the account), and Meta answers error 230.
    public func setProfile(_ profile: Profile?, for contact: String) {
        core.accounts.withLock { $0.profiles[contact] = .some(profile) }
    }

    /// Every contact not given a profile with `setProfile` has one made up from their id
    /// ("Contact 1234", `user_1234`), as if all had written to the account: for the
    /// benchmarks and demos, where contacts are many and unknown in advance.
    public func answerEveryProfile(_ on: Bool = true) {
        core.accounts.withLock { $0.everyProfile = on }
    }

    /// Profile answers (and their 230s) come only after `delay`, nil for at once: a slow
    /// User Profile API, for the reader's deadline.
    public func setProfileDelay(_ delay: Duration?) {
        core.accounts.withLock { $0.profileDelay = delay }
    }

    /// The User Profile API calls received for the contact (`GET /{igsid}`).
    public func profileRequests(for contact: String) -> Int {
        requests.filter { $0.method == "GET" && $0.path.hasSuffix("/" + contact) }.count
    }

    /// The token works until `date`, then every call with it gets 190 (subcode 463, expired),
    /// as Meta answers for an expired long-lived token; `issued` is when it was made (a
    /// refresh takes only tokens at least 24 hours old).
    public func expire(_ token: String, at date: Date, issued: Date? = nil) {
        core.accounts.withLock { state in
            state.expiries[token] = date
            if let issued { state.issued[token] = issued }
        }
    }

    /// Another app holds the contact's thread (standby) until `passThread`: sends to them are
    /// refused 100/2534037, as Meta refuses a thread's non-owner.
    public func takeThread(of contact: String) {
        core.accounts.withLock { _ = $0.standby.insert(contact) }
    }

    public func passThread(of contact: String) {
        core.accounts.withLock { _ = $0.standby.remove(contact) }
    }

    /// The token the twin accepts for an account now (changed by a refresh).
    public func currentToken(of account: String) -> String? {
        core.accounts.withLock { $0.tokens[account] }
    }

    /// How many times a token was refreshed.
    public var refreshCount: Int { core.accounts.withLock { $0.refreshes } }
}

extension FakeGraphServer.Core {
    /// An expired token (190/463), or a send into a thread another app holds (100/2534037).
    func accountRefusal(token: String?, request: Value?) -> FakeGraphServer.Reply? {
        let now = now()
        return accounts.withLock { state in
            if let token, let expiry = state.expiries[token], expiry <= now {
                return .metaError(
                    code: 190, subcode: 463, message: "Error validating access token: Session has expired.", type: "OAuthException")
            }
            if let contact = request?.field("recipient")?.field("id")?.stringValue, state.standby.contains(contact) {
                return .metaError(
                    code: 100, subcode: 2_534_037, message: "(#100) This thread is controlled by another app.", type: "OAuthException")
            }
            return nil
        }
    }

    /// How long to hold the answer to `GET /{node}` when it is a profile's; nil: at once.
    func profileDelay(of node: String) -> Duration? {
        accounts.withLock { state in
            guard let delay = state.profileDelay, state.profiles[node] != nil || state.everyProfile else { return nil }
            return delay
        }
    }

    /// `GET /{igsid}?fields=…`: the fields asked for, or 230 without consent; nil for a node
    /// that is no contact the twin knows.
    func profile(of node: String, fields: String?) -> FakeGraphServer.Reply? {
        accounts.withLock { state in
            let made: FakeGraphServer.Profile? =
                state.everyProfile && !node.isEmpty && node.allSatisfy(\.isNumber) && state.tokens[node] == nil
                ? FakeGraphServer.Profile(name: "Contact \(node)", username: "user_\(node)") : nil
            guard let known = state.profiles[node] ?? made.map({ .some($0) }) else { return nil }
            guard let profile = known else {
                return .metaError(code: 230, message: "(#230) User consent is required to access user profile", type: "OAuthException")
            }
            let wanted = Set((fields ?? "name,username").split(separator: ",").map(String.init))
            var answer: [String: Value] = ["id": .string(node)]
            if wanted.contains("name"), let name = profile.name { answer["name"] = .string(name) }
            if wanted.contains("username"), let username = profile.username { answer["username"] = .string(username) }
            return FakeGraphServer.Reply(status: 200, body: .json(FakeGraphServer.json(.object(answer))))
        }
    }

    /// `GET /refresh_access_token?grant_type=ig_refresh_token&access_token=…`: a new
    /// long-lived token for 60 days, for a valid token at least 24 hours old
    /// (https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token).
    func refresh(_ request: Request) -> Response {
        let parameters = request.uri.queryParameters
        let old = parameters.get("access_token").map { String($0) }
        let now = now()
        let reply: FakeGraphServer.Reply = accounts.withLock { state in
            guard parameters.get("grant_type") == "ig_refresh_token", let old,
                let account = state.tokens.first(where: { $0.value == old })?.key
            else {
                return .metaError(code: 190, message: "Invalid OAuth access token - Cannot parse access token", type: "OAuthException")
            }
            if let expiry = state.expiries[old], expiry <= now {
                return .metaError(
                    code: 190, subcode: 463, message: "Error validating access token: Session has expired.", type: "OAuthException")
            }
            if let issued = state.issued[old], now.timeIntervalSince(issued) < 24 * 3600 {
                return .metaError(code: 100, message: "(#100) The access token is too new to be refreshed", type: "OAuthException")
            }
            state.refreshes += 1
            let fresh = "IGAA-refreshed-\(state.refreshes)-\(account)"
            state.tokens[account] = fresh
            state.issued[fresh] = now
            state.expiries[fresh] = now.addingTimeInterval(60 * 86400)
            return FakeGraphServer.Reply(
                status: 200,
                body: .json(FakeGraphServer.json(["access_token": .string(fresh), "token_type": "bearer", "expires_in": .int(60 * 86400)])))
        }
        return Self.response(reply, sequence: 0, request: nil)
    }
}
