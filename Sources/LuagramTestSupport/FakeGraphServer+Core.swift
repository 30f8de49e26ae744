import Foundation
import HTTPTypes
import Hummingbird
import LuagramDomain
import NIOCore
import Synchronization

extension FakeGraphServer {
    /// The server's state and its answer to each call; the route handler's only capture.
    final class Core: Sendable {
        struct State {
            var requests: [RecordedRequest] = []
            var script: [Reply] = []
            var defaultReply: Reply = .success()
            var sent = 0
            var stopping = false
            /// Random faults (`setRandomFaults`), their generator, and what they injected by
            /// request index.
            var faults: Faults?
            var generator = SeededGenerator(seed: 0)
            var injected: [Int: Fault] = [:]
            /// What was accepted, for the Conversations API and the one-private-reply rule.
            var conversations = Conversations()
            /// Echo webhooks (`setEchoes`), their timing draws, what was delivered and what
            /// is still to go.
            var echoes: Echoes?
            var echoGenerator = SeededGenerator(seed: 0)
            var deliveredEchoes: [DeliveredEcho] = []
            var deliveredReads: [(mid: String, status: Int)] = []
            var pendingEchoes: [Task<Void, Never>] = []
            /// Comment id → its author's IGSID, for the comments a test named
            /// (`setCommenter`): where Meta files a private reply.
            var commenters: [String: String] = [:]

            /// The contact a call reaches: the recipient's id, or a comment's author.
            func contact(of request: Value?) -> String {
                if let comment = request?.field("recipient")?.field("comment_id")?.stringValue, let author = commenters[comment] {
                    return author
                }
                return Core.recipientID(of: request)
            }
        }

        /// Account (or Page) → the one token accepted for it; a refresh replaces it.
        var tokens: [String: String] { accounts.withLock { $0.tokens } }
        /// Tokens, expiries, profiles and threads in standby (FakeGraphServer+Accounts.swift).
        let accounts: Mutex<AccountsState>
        let state = Mutex(State())
        /// Account → the media of its lives broadcasting now (`setLive`).
        let lives = Mutex<[String: [String]]>([:])
        /// Facebook Login: Page id → the Instagram account linked to it (`linkPage`).
        let pages = Mutex<[String: String]>([:])
        /// The files served at /media/<name> (FakeGraphServer+Media.swift).
        let media = Mutex<[String: FakeGraphServer.MediaFile]>([:])
        /// Webhook subscriptions, permissions and usernames (FakeGraphServer+Subscriptions.swift).
        let subscriptions = Mutex(SubscriptionsState())
        /// The time messages are stamped with (a test's clock, or the real one).
        let now: @Sendable () -> Date

        init(tokens: [String: String], now: @escaping @Sendable () -> Date) {
            accounts = Mutex(AccountsState(tokens: tokens))
            self.now = now
        }

        func respond(to request: Request, node: String) async throws -> Response {
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            let bodyText = String(buffer: body)
            let json = try? JSONDecoder().decode(JSONValue.self, from: Data(bodyText.utf8)).value

            var headers: [String: String] = [:]
            for field in request.headers {
                let name = field.name.canonicalName
                headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
            }
            let recorded = RecordedRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers,
                bodyText: bodyText, json: json)
            let token = recorded.bearerToken ?? request.uri.queryParameters.get("access_token").map { String($0) }

            // Meta checks the token before anything else, so a refused call takes no
            // scripted answer.
            let reply: Reply
            let sequence: Int
            (reply, sequence) = state.withLock { state in
                state.requests.append(recorded)
                switch pageAccess(token: token, node: node, request: json) {
                case .refused(let refusal): return (refusal, 0)
                case .allowed: break
                case .notThroughAPage:
                    if let refusal = Self.refusal(token: token, node: node, tokens: tokens) { return (refusal, 0) }
                }
                if let refusal = accountRefusal(token: token, request: json) { return (refusal, 0) }
                let next: Reply
                if !state.script.isEmpty {
                    next = state.script.removeFirst()
                } else if let faults = state.faults, faults.isActive,
                    let fault = faults.fault(roll: state.generator.percent())
                {
                    next = faults.reply(for: fault, node: node, variant: state.generator.next())
                    state.injected[state.requests.count - 1] = fault
                } else {
                    next = state.defaultReply
                }
                return accept(next, for: json, node: node, token: token, in: &state)
            }

            let planned = echo(for: reply, sequence: sequence, request: json, node: node, token: token)
            if let planned, planned.before { await deliver(planned.echo, beforeAnswer: true) }
            try await pause(for: reply.delay)
            if let planned, !planned.before { deliverLater(planned.echo) }
            return Self.response(reply, sequence: sequence, request: json)
        }

        /// A success is remembered as Meta would remember the message; a second private reply
        /// to one comment is refused as Meta refuses it.
        private func accept(_ reply: Reply, for request: Value?, node: String, token: String?, in state: inout State)
            -> (Reply, Int)
        {
            guard case .sent(let messageID, _) = reply.body, request?.field("sender_action") == nil else {
                return (reply, state.sent)
            }
            let recipient = request?.field("recipient")
            if let comment = recipient?.field("comment_id")?.stringValue, !state.conversations.takePrivateReply(to: comment) {
                return (
                    .metaError(
                        code: 100, subcode: 2_534_025, message: "(#100) The comment is invalid for private reply",
                        type: "OAuthException"),
                    state.sent
                )
            }
            state.sent += 1
            let account = node == "me" ? tokens.first { $0.value == token }?.key ?? node : node
            state.conversations.record(
                Conversations.Message(
                    id: messageID ?? Self.messageID(state.sent), from: account, to: state.contact(of: request),
                    text: request?.field("message")?.field("text")?.stringValue, createdAt: now()))
            return (reply, state.sent)
        }

        static func messageID(_ sequence: Int) -> String { "aWdfZAG1fakemid\(sequence)" }

        /// The Conversations API: a thread by contact, a thread's messages, a message.
        func read(_ request: Request, node: String, edge: String?) -> Response {
            let headers = request.headers.reduce(into: [String: String]()) { $0[$1.name.canonicalName] = $1.value }
            let recorded = RecordedRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers,
                bodyText: "", json: nil)
            let token = recorded.bearerToken ?? request.uri.queryParameters.get("access_token").map { String($0) }
            let answer: Reply = state.withLock { state in
                state.requests.append(recorded)
                if edge == nil, node == "debug_token" { return debugToken(request) }
                if let edge {
                    if let refusal = Self.refusal(token: token, node: node, tokens: tokens) { return refusal }
                    if let refusal = accountRefusal(token: token, request: nil), edge == "subscribed_apps" { return refusal }
                    if edge == "subscribed_apps" { return subscribedApps(of: node, token: token) }
                    if edge == "live_media" { return liveMedia(of: node) }
                    guard edge == "conversations", let contact = request.uri.queryParameters.get("user_id") else {
                        return .metaError(code: 100, message: "(#100) Unknown path components: /\(edge)", type: "OAuthException")
                    }
                    let account = node == "me" ? tokens.first { $0.value == token }?.key ?? node : node
                    return Reply(status: 200, body: .json(state.conversations.threads(of: account, with: String(contact))))
                }
                if let refusal = Self.refusal(token: token, node: "me", tokens: tokens) { return refusal }
                if let refusal = accountRefusal(token: token, request: nil) { return refusal }
                if let identity = identity(of: node, token: token) { return identity }
                if let profile = profile(of: node, fields: request.uri.queryParameters.get("fields").map { String($0) }) { return profile }
                guard let json = state.conversations.node(node) else {
                    return .metaError(
                        code: 100, subcode: 33, message: "Unsupported get request. Object with ID '\(node)' does not exist",
                        type: "GraphMethodException")
                }
                return Reply(status: 200, body: .json(json))
            }
            return Self.response(answer, sequence: 0, request: nil)
        }

        /// Waits out a scripted delay, but no longer than until the server stops, so `stop`
        /// need not wait for a test's "answer in a minute".
        func pause(for delay: Duration) async throws {
            let clock = ContinuousClock()
            let end = clock.now.advanced(by: delay)
            while clock.now < end, !state.withLock({ $0.stopping }) {
                try await Task.sleep(for: min(end - clock.now, .milliseconds(20)))
            }
        }

        /// Meta's answers to a missing or wrong token (190), and to a token of another
        /// account than the path names (100/33, as Graph answers for a node the token cannot
        /// see).
        static func refusal(token: String?, node: String, tokens: [String: String]) -> Reply? {
            guard let token, !token.isEmpty, tokens.values.contains(token) else {
                return .metaError(code: 190, message: "Invalid OAuth access token - Cannot parse access token", fbtraceID: "AFakeTraceToken")
            }
            if node == "me" || tokens[node] == token { return nil }
            return .metaError(
                code: 100, subcode: 33,
                message:
                    "Unsupported post request. Object with ID '\(node)' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                type: "GraphMethodException", fbtraceID: "AFakeTraceNode")
        }

        static func response(_ reply: Reply, sequence: Int, request: Value?) -> Response {
            var fields = HTTPFields()
            let text: String
            switch reply.body {
            case .sent(let messageID, let recipientID):
                fields[.contentType] = "application/json; charset=UTF-8"
                var answer: [String: Value] = ["recipient_id": .string(recipientID ?? Self.recipientID(of: request))]
                // Sender actions and reactions answer without a message id (see `GraphSendResult`).
                if request?.field("sender_action") == nil {
                    answer["message_id"] = .string(messageID ?? Self.messageID(sequence))
                }
                text = FakeGraphServer.json(.object(answer))
            case .json(let json):
                fields[.contentType] = "application/json; charset=UTF-8"
                text = json
            case .text(let plain):
                fields[.contentType] = "text/plain; charset=UTF-8"
                text = plain
            }
            for (name, value) in reply.headers.sorted(by: { $0.key < $1.key }) {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Response(
                status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
        }

        /// The contact's IGSID as Meta would answer it: the request's `recipient.id`, or, for
        /// a private reply, a stand-in derived from the comment id.
        static func recipientID(of request: Value?) -> String {
            let recipient = request?.field("recipient")
            if let id = recipient?.field("id")?.stringValue { return id }
            if let comment = recipient?.field("comment_id")?.stringValue { return "commenter-of-\(comment)" }
            return "unknown-recipient"
        }
    }
}

extension Value {
    func field(_ key: String) -> Value? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
