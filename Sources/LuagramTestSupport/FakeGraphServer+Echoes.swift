import AsyncHTTPClient
import Foundation
import LuagramDomain
import LuagramInstagram
import NIOCore
import NIOHTTP1
import Synchronization

extension FakeGraphServer {
    /// Echo webhooks as Meta sends them: for every message the Send API accepts, a signed
    /// `messages` webhook with `is_echo` is posted to the app's webhook URL.
    ///
    /// Meta sends an echo whenever the business account sends a message
    /// (https://developers.facebook.com/docs/instagram-platform/webhooks/examples, "is_echo"),
    /// and integrators see it arrive before the Send API call has returned (Chatwoot's
    /// https://github.com/chatwoot/chatwoot/pull/12032, "echo events arrive before send
    /// message API completes"). `beforeAnswer` is that race at its worst: the echo is
    /// delivered, and `delivered` has run, before the caller gets its message id.
    public struct Echoes: Sendable {
        /// When an echo is delivered relative to the Send API's answer.
        public enum Timing: Sendable, Hashable {
            /// Delivered (and acknowledged) before the call is answered.
            case beforeAnswer
            /// Delivered after the call is answered, `afterDelay` later.
            case afterAnswer
            /// Before or after, drawn per call from a generator with this seed.
            case mixed(seed: UInt64)
        }

        /// Where Meta would post: the app's `/webhooks/instagram`.
        public var webhookURL: String
        /// The app secret the body is signed with (`X-Hub-Signature-256`).
        public var appSecret: String
        public var timing: Timing
        /// How long after the answer an `afterAnswer` echo goes.
        public var afterDelay: Duration
        /// When set, the contact "reads" each message this long after its echo: a signed
        /// `messaging_seen` webhook (`read.mid`), as Meta sends read receipts
        /// (https://developers.facebook.com/docs/instagram-platform/webhooks/examples).
        public var readAfter: Duration?
        /// Awaited after each echo that goes before the answer was acknowledged, before the
        /// call is answered: a test processes its inbox here to meet the race
        /// deterministically. Echoes after the answer go in the background without it.
        public var delivered: (@Sendable () async -> Void)?

        public init(
            webhookURL: String, appSecret: String, timing: Timing = .beforeAnswer, afterDelay: Duration = .milliseconds(20),
            readAfter: Duration? = nil, delivered: (@Sendable () async -> Void)? = nil
        ) {
            self.readAfter = readAfter
            self.webhookURL = webhookURL
            self.appSecret = appSecret
            self.timing = timing
            self.afterDelay = afterDelay
            self.delivered = delivered
        }
    }

    /// One echo posted to the webhook URL, and the status the app answered (0: no answer).
    public struct DeliveredEcho: Sendable, Hashable {
        public var mid: String
        public var recipient: String
        public var beforeAnswer: Bool
        public var status: Int
    }

    /// Posts echo webhooks for accepted messages from now on; nil stops them.
    public func setEchoes(_ echoes: Echoes?) {
        core.state.withLock { state in
            state.echoes = echoes
            if case .mixed(let seed) = echoes?.timing { state.echoGenerator = SeededGenerator(seed: seed) }
        }
    }

    /// The echoes posted so far, in the order they were acknowledged.
    public var deliveredEchoes: [DeliveredEcho] {
        core.state.withLock { $0.deliveredEchoes }
    }

    /// The read receipts posted so far: the message read, and the status the app answered.
    public var deliveredReads: [(mid: String, status: Int)] {
        core.state.withLock { $0.deliveredReads }
    }

    /// Returns once every echo due after an answer has been delivered.
    public func echoesDelivered() async {
        while let task = core.state.withLock({ $0.pendingEchoes.popLast() }) { await task.value }
    }
}

extension FakeGraphServer.Core {
    /// The echo of an accepted message, and whether it goes before the answer; nil when echoes
    /// are off or the call sent no message.
    func echo(for reply: FakeGraphServer.Reply, sequence: Int, request: Value?, node: String, token: String?)
        -> (echo: Echo, before: Bool)?
    {
        guard case .sent(let messageID, _) = reply.body, reply.status == 200, request?.member("sender_action") == nil else {
            return nil
        }
        return state.withLock { state in
            guard let echoes = state.echoes else { return nil }
            let before: Bool
            switch echoes.timing {
            case .beforeAnswer: before = true
            case .afterAnswer: before = false
            case .mixed: before = state.echoGenerator.next() % 2 == 0
            }
            let account = node == "me" ? tokens.first { $0.value == token }?.key ?? node : node
            let echo = Echo(
                configuration: echoes, mid: messageID ?? Self.messageID(sequence), account: account,
                recipient: state.contact(of: request), message: request?.member("message"), time: now())
            return (echo, before)
        }
    }

    /// Delivers an echo due after the answer, in the background.
    func deliverLater(_ echo: Echo) {
        let task = Task {
            try? await Task.sleep(for: echo.configuration.afterDelay)
            await self.deliver(echo, beforeAnswer: false)
        }
        state.withLock { $0.pendingEchoes.append(task) }
    }

    /// Posts the echo, signed like Meta signs webhooks, and waits for the app's answer; the
    /// read receipt, if any, follows later.
    func deliver(_ echo: Echo, beforeAnswer: Bool) async {
        let status = await post(echo.body(), to: echo.configuration)
        state.withLock {
            $0.deliveredEchoes.append(
                FakeGraphServer.DeliveredEcho(mid: echo.mid, recipient: echo.recipient, beforeAnswer: beforeAnswer, status: status))
        }
        if let delay = echo.configuration.readAfter {
            let task = Task {
                try? await Task.sleep(for: delay)
                let status = await self.post(echo.readBody(at: self.now()), to: echo.configuration)
                self.state.withLock { $0.deliveredReads.append((echo.mid, status)) }
            }
            state.withLock { $0.pendingEchoes.append(task) }
        }
        if beforeAnswer { await echo.configuration.delivered?() }
    }

    /// Posts a webhook body to the app, signed; the status it answered (0: no answer).
    private func post(_ body: Data, to configuration: FakeGraphServer.Echoes) async -> Int {
        var request = HTTPClientRequest(url: configuration.webhookURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Hub-Signature-256", value: WebhookSignature.header(for: body, secret: configuration.appSecret))
        request.body = .bytes(ByteBuffer(bytes: body))
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(10)) else { return 0 }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return Int(response.status.code)
    }

    /// An echo to deliver: the message as Meta shows it back to the app.
    struct Echo: Sendable {
        var configuration: FakeGraphServer.Echoes
        var mid: String
        var account: String
        var recipient: String
        var message: Value?
        var time: Date

        /// The `messages` webhook with `is_echo` (sender and recipient swapped): the text, or
        /// the attachment's type with a CDN-like URL, as Meta copies media.
        func body() -> Data {
            var message: [String: Value] = ["mid": .string(mid), "is_echo": true]
            if let text = self.message?.member("text")?.stringValue { message["text"] = .string(text) }
            if let type = self.message?.member("attachment")?.member("type")?.stringValue {
                message["attachments"] = [
                    ["type": .string(type), "payload": ["url": .string("https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=\(mid)")]]
                ]
            }
            let ms = Value.int(Int64((time.timeIntervalSince1970 * 1000).rounded(.down)))
            let item: Value = [
                "sender": ["id": .string(account)], "recipient": ["id": .string(recipient)], "timestamp": ms, "message": .object(message),
            ]
            let payload: Value = ["object": "instagram", "entry": [["id": .string(account), "time": ms, "messaging": [item]]]]
            return Data(FakeGraphServer.json(payload).utf8)
        }

        /// The contact's read receipt of this message (`messaging_seen`).
        func readBody(at time: Date) -> Data {
            let ms = Value.int(Int64((time.timeIntervalSince1970 * 1000).rounded(.down)))
            let item: Value = [
                "sender": ["id": .string(recipient)], "recipient": ["id": .string(account)], "timestamp": ms, "read": ["mid": .string(mid)],
            ]
            let payload: Value = ["object": "instagram", "entry": [["id": .string(account), "time": ms, "messaging": [item]]]]
            return Data(FakeGraphServer.json(payload).utf8)
        }
    }
}

extension Value {
    fileprivate func member(_ key: String) -> Value? {
        if case .object(let object) = self { return object[key] }
        return nil
    }
}
