import Foundation
import LuagramDomain

/// Turns one webhook POST body from Meta into Luagram's typed events.
///
/// It reads every envelope Meta uses for `object: "instagram"`: `entry[].messaging[]`,
/// `entry[].standby[]`, `entry[].changes[]` (comments, live comments, mentions, and the App
/// Dashboard's test payloads that wrap messaging items) and the flat `entry[].field/value`.
/// A body that is not a webhook at all throws; anything wrong inside one item is reported in
/// `DecodedWebhook.errors` and costs only that item. Unrecognised items become `unknown` events
/// carrying their raw JSON, so nothing Meta sends is silently dropped.
///
/// Call it on the exact bytes received, after the signature check (`WebhookSignature`).
public struct WebhookDecoder: Sendable {
    public var limits: WebhookLimits

    public init(limits: WebhookLimits = .standard) {
        self.limits = limits
    }

    /// Decodes one body. `receivedAt` stands in for the time of an item that carries none.
    public func decode(_ body: some Collection<UInt8>, receivedAt: Date) throws(WebhookBodyError) -> DecodedWebhook {
        let json: Value
        do {
            json = try JSONText.parse(body, limits: limits.json)
        } catch {
            throw .invalidJSON(error)
        }
        return try decode(json: json, receivedAt: receivedAt)
    }

    /// Decodes a body already parsed (with `JSONText.parse`, so within the limits).
    func decode(json: Value, receivedAt: Date) throws(WebhookBodyError) -> DecodedWebhook {
        guard case .object(let body) = json else {
            throw .notAWebhook("the body is \(json.typeName), not an object")
        }
        guard let object = body["object"] else { throw .notAWebhook("no \"object\" field") }
        guard case .string(let objectName) = object else {
            throw .notAWebhook("\"object\" is \(object.typeName), not a string")
        }
        guard objectName == "instagram" else { throw .unexpectedObject(objectName) }
        guard let entry = body["entry"] else { throw .notAWebhook("no \"entry\" array") }
        guard case .array(let entries) = entry else {
            throw .notAWebhook("\"entry\" is \(entry.typeName), not an array")
        }
        var walk = BodyWalk(limits: limits, receivedAt: receivedAt)
        for (index, entry) in entries.enumerated() {
            walk.entry(entry, path: "entry[\(index)]")
        }
        return walk.finish()
    }
}

extension WebhookDecoder {
    /// A body as the engine takes it (`InboxProcessor.Decode`): its events, and its items
    /// that could not be decoded as text for the log. The one decoding step every pipeline
    /// (serve, simulate, the benchmarks, the tests) uses.
    public static func decodeBody(_ body: Data, receivedAt: Date) throws -> DecodedBody {
        let decoded = try WebhookDecoder().decode(Array(body), receivedAt: receivedAt)
        return DecodedBody(events: decoded.events, itemErrors: decoded.errors.map(\.description))
    }
}
