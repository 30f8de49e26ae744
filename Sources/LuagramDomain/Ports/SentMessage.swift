import Foundation

/// What Meta answered to a message it accepted: its id, and how close the app and the
/// account are to Meta's limits, when the answer said.
public struct SentMessage: Sendable, Hashable {
    public var messageID: String
    public var usage: MetaUsage?

    public init(messageID: String, usage: MetaUsage? = nil) {
        self.messageID = messageID
        self.usage = usage
    }
}

/// Meta's usage headers (`X-App-Usage`, `X-Business-Use-Case-Usage`), reduced to what
/// pacing needs: https://developers.facebook.com/docs/graph-api/overview/rate-limiting
public struct MetaUsage: Sendable, Hashable {
    /// The highest percentage any counter reports (calls, CPU time, total time; app-wide or
    /// for a business use case); Meta throttles at 100.
    public var percent: Int
    /// Meta's `estimated_time_to_regain_access`, in seconds, when it gave one above zero.
    public var regainAccessIn: TimeInterval?

    public init(percent: Int, regainAccessIn: TimeInterval? = nil) {
        self.percent = percent
        self.regainAccessIn = regainAccessIn
    }
}
