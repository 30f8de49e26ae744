import Foundation
import LuagramDomain
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
            GraphSendResult(messageID: json["message_id"]?.stringValue, recipientID: Self.string(json["recipient_id"]), usage: usage)
        }
    }

    private var usage: GraphUsage? {
        GraphUsage(appUsage: headers.first(name: "X-App-Usage"), businessUseCaseUsage: headers.first(name: "X-Business-Use-Case-Usage"))
    }

    /// The answer's JSON object on success (empty if it was not one), else Meta's error,
    /// classified.
    func object() -> Result<Value, GraphError> {
        // An answer that is no JSON (or over the limits) reads as none, not as a failure.
        let json = try? JSONText.parse(body.readableBytesView, limits: Self.limits)
        if (200...299).contains(status), json?["error"] == nil {
            if let json, json.objectValue != nil { return .success(json) }
            return .success([:])
        }

        let usage = usage
        // a header of "1e300", "inf" or "-5" pauses nothing for ever: finite, at most a day
        let retryAfter = (usage?.retryAfter ?? headers.first(name: "Retry-After").flatMap(TimeInterval.init))
            .flatMap { $0.isFinite && $0 >= 0 ? min($0, 86_400) : nil }
        guard let envelope = json?["error"], envelope.objectValue != nil else {
            let errorClass = GraphErrorClass.classify(code: nil, subcode: nil, httpStatus: status)
            return .failure(
                GraphError(
                    errorClass: errorClass, cause: .http, httpStatus: status,
                    message: "HTTP \(status) without Meta's error envelope",
                    retryAfter: errorClass == .throttled ? retryAfter : nil, usage: usage))
        }

        let code = Self.int(envelope["code"])
        let subcode = Self.int(envelope["error_subcode"])
        let isTransient = envelope["is_transient"]?.boolValue
        let errorClass = GraphErrorClass.classify(code: code, subcode: subcode, httpStatus: status, isTransient: isTransient)
        let message = envelope["message"]?.stringValue.map { Redaction.redact($0, token: token) } ?? "Meta gave no message"
        return .failure(
            GraphError(
                errorClass: errorClass, cause: .meta, httpStatus: status, code: code, subcode: subcode,
                type: envelope["type"]?.stringValue, fbtraceID: envelope["fbtrace_id"]?.stringValue, message: message,
                isTransient: isTransient, retryAfter: errorClass == .throttled ? retryAfter : nil, usage: usage))
    }

    /// The JSON parser's bounds for an answer: no more bytes than the client reads.
    static let limits = JSONLimits(maxBytes: GraphClient.maximumResponseBytes)

    /// Meta's ids are strings, its codes numbers; either may come as the other. A number
    /// written with a fraction counts when it is whole (`190.0`),
    /// as Foundation's number bridging read it.
    static func int(_ value: Value?) -> Int? {
        switch value {
        case .int(let int)?: Int(exactly: int)
        case .double(let double)?: Int(exactly: double)
        case .string(let string)?: Int(string)
        default: nil
        }
    }

    static func string(_ value: Value?) -> String? {
        switch value {
        case .string(let string)?: string
        default: int(value).map(String.init)
        }
    }
}
