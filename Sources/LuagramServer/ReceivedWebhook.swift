import Foundation

/// A webhook body as it arrived: the exact bytes Meta signed, and when.
public struct ReceivedWebhook: Sendable, Hashable {
    public var body: [UInt8]
    public var receivedAt: Date

    public init(body: [UInt8], receivedAt: Date) {
        self.body = body
        self.receivedAt = receivedAt
    }
}
