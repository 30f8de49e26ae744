import Foundation
import NIOCore
import NIOHTTP1

/// Meta's answer to one call, read into a result or a classified error.
struct GraphAnswer {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    var token: GraphAccessToken

    func result() -> Result<GraphSendResult, GraphError> {
        // Meta took the message. An answer we cannot read must not turn into an error, or
        // the sender would retry and the contact would get it twice.
        object().map { json in
            GraphSendResult(messageID: json["message_id"] as? String, recipientID: Self.string(json["recipient_id"]), usage: usage)
        }
    }

    private var usage: GraphUsage? {
        GraphUsage(appUsage: headers.first(name: "X-App-Usage"), businessUseCaseUsage: headers.first(name: "X-Business-Use-Case-Usage"))
    }

    /// The answer's JSON object on success (empty if it was not one), else Meta's error,
    /// classified.
    func object() -> Result<[String: any Sendable], GraphError> {
        let json = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: any Sendable]
        if (200...299).contains(status), json?["error"] == nil {
            return .success(json ?? [:])
        }

        let usage = usage
        // a header of "1e300", "inf" or "-5" pauses nothing for ever: finite, at most a day
        let retryAfter = (usage?.retryAfter ?? headers.first(name: "Retry-After").flatMap(TimeInterval.init))
            .flatMap { $0.isFinite && $0 >= 0 ? min($0, 86_400) : nil }
        guard let envelope = json?["error"] as? [String: Any] else {
            let errorClass = GraphErrorClass.classify(code: nil, subcode: nil, httpStatus: status)
            return .failure(
                GraphError(
                    errorClass: errorClass, cause: .http, httpStatus: status,
                    message: "HTTP \(status) without Meta's error envelope",
                    retryAfter: errorClass == .throttled ? retryAfter : nil, usage: usage))
        }

        let code = Self.int(envelope["code"])
        let subcode = Self.int(envelope["error_subcode"])
        let isTransient = envelope["is_transient"] as? Bool
        let errorClass = GraphErrorClass.classify(code: code, subcode: subcode, httpStatus: status, isTransient: isTransient)
        let message = (envelope["message"] as? String).map { Redaction.redact($0, token: token) } ?? "Meta gave no message"
        return .failure(
            GraphError(
                errorClass: errorClass, cause: .meta, httpStatus: status, code: code, subcode: subcode,
                type: envelope["type"] as? String, fbtraceID: envelope["fbtrace_id"] as? String, message: message,
                isTransient: isTransient, retryAfter: errorClass == .throttled ? retryAfter : nil, usage: usage))
    }

    /// Meta's ids are strings, its codes numbers; either may come as the other.
    private static func int(_ value: Any?) -> Int? {
        switch value {
        case let int as Int: int
        case let string as String: Int(string)
        default: nil
        }
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let string as String: string
        case let int as Int: String(int)
        default: nil
        }
    }
}
