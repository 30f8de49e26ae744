import Foundation

/// A Graph call that did not succeed, as the sender needs it: the class that decides what
/// happens next, Meta's own fields for the record, and when to try again.
///
/// It never holds the token or the request body: Meta's message is kept (it describes the
/// failure, not the content), the body could carry a contact's words.
public struct GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the failure means for the sender.
    public var errorClass: GraphErrorClass
    /// Where the failure came from.
    public var cause: Cause
    /// The HTTP status, when Meta answered at all.
    public var httpStatus: Int?
    /// Meta's `code`, `error_subcode`, `type` and `fbtrace_id`, when it sent an error envelope.
    public var code: Int?
    public var subcode: Int?
    public var type: String?
    public var fbtraceID: String?
    /// Meta's `message`, or a sentence of ours when Meta sent none.
    public var message: String
    /// Meta's `is_transient`, when present: seen in real answers, not on Meta's error pages
    /// (docs/meta-graph-api.md, "Errors").
    public var isTransient: Bool?
    /// Seconds to wait before calling for this account again, when Meta said.
    public var retryAfter: TimeInterval?
    /// The usage headers of the answer, if any.
    public var usage: GraphUsage?
    /// The request may have reached Meta although no answer came back: it was written out
    /// before the time-out or the broken connection. Never set when Meta answered.
    public var mayHaveArrived: Bool

    public init(
        errorClass: GraphErrorClass, cause: Cause, httpStatus: Int? = nil, code: Int? = nil, subcode: Int? = nil,
        type: String? = nil, fbtraceID: String? = nil, message: String, isTransient: Bool? = nil,
        retryAfter: TimeInterval? = nil, usage: GraphUsage? = nil, mayHaveArrived: Bool = false
    ) {
        self.errorClass = errorClass
        self.cause = cause
        self.httpStatus = httpStatus
        self.code = code
        self.subcode = subcode
        self.type = type
        self.fbtraceID = fbtraceID
        self.message = message
        self.isTransient = isTransient
        self.retryAfter = retryAfter
        self.usage = usage
        self.mayHaveArrived = mayHaveArrived
    }

    /// Where a failure came from.
    public enum Cause: String, Sendable, Hashable {
        /// Meta answered with its error envelope.
        case meta
        /// Meta (or something in between) answered with an HTTP error and no envelope.
        case http
        /// The call did not finish within the configured timeout.
        case timeout
        /// No connection could be made or it broke before the answer.
        case connection
        /// The calling task was cancelled.
        case cancelled
        /// No token is known for the account.
        case missingToken = "missing_token"
    }

    public var description: String {
        var text = "Graph \(errorClass.rawValue) error"
        switch (code, subcode) {
        case (let code?, let subcode?): text += " \(code)/\(subcode)"
        case (let code?, nil): text += " \(code)"
        default: break
        }
        var details: [String] = []
        if let httpStatus { details.append("HTTP \(httpStatus)") }
        if cause != .meta, cause != .http { details.append(cause.rawValue) }
        if let retryAfter { details.append("retry after \(retryAfter.rounded(.up).formatted(.number.grouping(.never))) s") }
        if let fbtraceID { details.append("fbtrace_id \(fbtraceID)") }
        if !details.isEmpty { text += " (" + details.joined(separator: ", ") + ")" }
        return text + ": " + message
    }
}
