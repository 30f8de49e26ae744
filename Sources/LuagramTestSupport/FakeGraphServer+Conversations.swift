import Foundation
import Hummingbird
import LuagramDomain

extension FakeGraphServer {
    /// What the fake remembers of the messages it accepted, as Meta would: each account's
    /// conversations, readable through the Conversations API (see
    /// `GraphClient.findSentMessage`), and which comments already got their one private reply
    /// (a second is refused with 100/2534025).
    struct Conversations {
        struct Message {
            var id: String
            var from: String
            var to: String
            var text: String?
            var createdAt: Date
        }

        /// "account|contact" → messages, oldest first.
        private var threads: [String: [Message]] = [:]
        private var repliedComments: Set<String> = []

        /// Whether a private reply to this comment may go; if so, it is remembered as sent.
        mutating func takePrivateReply(to comment: String) -> Bool {
            repliedComments.insert(comment).inserted
        }

        mutating func record(_ message: Message) {
            threads[Self.key(message.from, message.to), default: []].append(message)
        }

        /// `GET /{account}/conversations?user_id=…`: the thread with that contact, if any.
        func threads(of account: String, with contact: String) -> String {
            let data = threads[Self.key(account, contact)] == nil ? "[]" : #"[{"id":"\#(Self.threadID(account, contact))"}]"#
            return #"{"data":\#(data)}"#
        }

        /// `GET /{id}`: a thread's messages (ids and times, newest first) or one message's
        /// details; nil for an id the fake does not know.
        func node(_ id: String) -> String? {
            if id.hasPrefix("thread-") {
                let parts = id.dropFirst("thread-".count).split(separator: "-", maxSplits: 1).map(String.init)
                guard parts.count == 2, let messages = threads[Self.key(parts[0], parts[1])] else { return nil }
                let data = messages.reversed().map { #"{"id":"\#($0.id)","created_time":"\#(Self.time($0.createdAt))"}"# }
                return #"{"id":"\#(id)","messages":{"data":[\#(data.joined(separator: ","))]}}"#
            }
            for messages in threads.values {
                guard let message = messages.first(where: { $0.id == id }) else { continue }
                var fields: [String: Value] = [
                    "id": .string(message.id), "created_time": .string(Self.time(message.createdAt)), "from": ["id": .string(message.from)],
                    "to": ["data": [["id": .string(message.to)]]],
                ]
                if let text = message.text { fields["message"] = .string(text) }
                return FakeGraphServer.json(.object(fields))
            }
            return nil
        }

        private static func key(_ account: String, _ contact: String) -> String { account + "|" + contact }
        private static func threadID(_ account: String, _ contact: String) -> String { "thread-\(account)-\(contact)" }

        /// Graph's time format: `2026-12-04T10:00:00+0000`.
        static func time(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
            return formatter.string(from: date)
        }
    }
}
