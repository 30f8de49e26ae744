import Foundation
import LuagramDomain

extension FakeGraphServer {
    /// One scripted answer: a status, a body, headers and how long to wait before answering.
    public struct Reply: Sendable, Hashable {
        public var status: Int
        public var body: Body
        public var headers: [String: String]
        /// Waiting longer than the client's timeout provokes a timeout.
        public var delay: Duration

        public init(status: Int, body: Body, headers: [String: String] = [:], delay: Duration = .zero) {
            self.status = status
            self.body = body
            self.headers = headers
            self.delay = delay
        }

        /// What the server writes back.
        public enum Body: Sendable, Hashable {
            /// Meta's success answer: `recipient_id` (the request's recipient unless given)
            /// and, except for sender actions and reactions, a `message_id` (generated unless
            /// given).
            case sent(messageID: String?, recipientID: String?)
            /// These exact bytes, as JSON.
            case json(String)
            /// These exact bytes, as plain text (a proxy's error page, …).
            case text(String)
        }

        /// 200 with Meta's success answer.
        public static func success(messageID: String? = nil, recipientID: String? = nil) -> Reply {
            Reply(status: 200, body: .sent(messageID: messageID, recipientID: recipientID))
        }

        /// Meta's error envelope (https://developers.facebook.com/docs/graph-api/guides/error-handling)
        /// with the given fields.
        public static func metaError(
            code: Int, subcode: Int? = nil, message: String, type: String = "OAuthException", status: Int = 400,
            fbtraceID: String = "AFakeTrace0001", isTransient: Bool? = nil
        ) -> Reply {
            var error: [String: Value] = [
                "code": .int(Int64(code)), "message": .string(message), "type": .string(type), "fbtrace_id": .string(fbtraceID),
            ]
            if let subcode { error["error_subcode"] = .int(Int64(subcode)) }
            if let isTransient { error["is_transient"] = .bool(isTransient) }
            return Reply(status: status, body: .json(FakeGraphServer.json(["error": .object(error)])))
        }

        /// A bare HTTP status with a text body, as a load balancer in front of Meta answers.
        public static func status(_ status: Int, text: String = "") -> Reply {
            Reply(status: status, body: .text(text))
        }

        /// The same answer, after `delay`.
        public func delayed(by delay: Duration) -> Reply {
            var reply = self
            reply.delay = delay
            return reply
        }

        /// The same answer with one more header.
        public func header(_ name: String, _ value: String) -> Reply {
            var reply = self
            reply.headers[name] = value
            return reply
        }

        /// The same answer with an `X-Business-Use-Case-Usage` header for `account` in the
        /// shape Meta documents (`estimated_time_to_regain_access` in minutes,
        /// https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
        public func businessUseCaseUsage(
            account: String = FakeGraphServer.account, type: String = "instagram", callCount: Int = 100,
            totalCPUTime: Int = 25, totalTime: Int = 25, minutesToRegainAccess: Int
        ) -> Reply {
            let entry: Value = [
                "type": .string(type), "call_count": .int(Int64(callCount)), "total_cputime": .int(Int64(totalCPUTime)),
                "total_time": .int(Int64(totalTime)), "estimated_time_to_regain_access": .int(Int64(minutesToRegainAccess)),
            ]
            return header("X-Business-Use-Case-Usage", FakeGraphServer.json(.object([account: [entry]])))
        }

        /// The same answer with an `X-App-Usage` header (same page).
        public func appUsage(callCount: Int, totalTime: Int, totalCPUTime: Int) -> Reply {
            header(
                "X-App-Usage",
                FakeGraphServer.json([
                    "call_count": .int(Int64(callCount)), "total_time": .int(Int64(totalTime)), "total_cputime": .int(Int64(totalCPUTime)),
                ]))
        }
    }

    /// Sorted keys, so scripted answers are the same bytes every run.
    static func json(_ value: Value) -> String {
        JSONText.serialize(value)
    }
}
