import Crypto
import Foundation
import LuagramDomain

/// One pass over the entries of a webhook body, collecting events and errors.
///
/// Each item is decoded on its own: a failure inside it becomes a `WebhookItemError` and the
/// walk goes on with the next item.
struct BodyWalk {
    let limits: WebhookLimits
    let receivedAt: Date
    private(set) var events: [Event] = []
    private(set) var errors: [WebhookItemError] = []
    private var itemsLeft: Int
    private var itemsSkipped = 0
    private var firstSkipped: String?

    init(limits: WebhookLimits, receivedAt: Date) {
        self.limits = limits
        self.receivedAt = receivedAt
        self.itemsLeft = limits.maxItems
    }

    func finish() -> DecodedWebhook {
        var errors = errors
        if itemsSkipped > 0, let firstSkipped {
            errors.append(
                WebhookItemError(
                    path: firstSkipped,
                    message: "\(itemsSkipped) more items not decoded: the limit is \(limits.maxItems) items per body"))
        }
        return DecodedWebhook(events: events, errors: errors)
    }

    mutating func emit(_ event: Event) { events.append(event) }

    /// Records a problem. Used both for failed items and for a field that was dropped from an
    /// item that still decoded, so an operator sees every place Meta's shape surprised us.
    mutating func report(_ path: String, _ message: String) {
        errors.append(WebhookItemError(path: path, message: message))
    }

    /// Takes one item from the per-body budget; false once it is spent.
    private mutating func takeItem(path: String) -> Bool {
        guard itemsLeft > 0 else {
            if firstSkipped == nil { firstSkipped = path }
            itemsSkipped += 1
            return false
        }
        itemsLeft -= 1
        return true
    }

    mutating func entry(_ value: Value, path: String) {
        guard case .object(let members) = value else {
            report(path, "entry is \(value.typeName), not an object")
            return
        }
        let context = EntryContext(id: members["id"]?.idString, time: MetaTime.date(members["time"]), path: path)
        if let time = members["time"], context.time == nil {
            report("\(path).time", "time is not a timestamp (\(time.typeName)); items use their own time")
        }
        var recognised = false
        for key in ["messaging", "standby"] {
            guard let list = members[key] else { continue }
            recognised = true
            guard case .array(let items) = list else {
                report("\(path).\(key)", "\(key) is \(list.typeName), not an array")
                continue
            }
            let flags = ItemFlags(standby: key == "standby", test: context.isTest)
            for (index, item) in items.enumerated() {
                let itemPath = "\(path).\(key)[\(index)]"
                guard takeItem(path: itemPath) else { continue }
                messagingItem(item, entry: context, flags: flags, path: itemPath)
            }
        }
        if let list = members["changes"] {
            recognised = true
            if case .array(let changes) = list {
                for (index, change) in changes.enumerated() {
                    let itemPath = "\(path).changes[\(index)]"
                    guard takeItem(path: itemPath) else { continue }
                    self.change(change, entry: context, path: itemPath)
                }
            } else {
                report("\(path).changes", "changes is \(list.typeName), not an array")
            }
        }
        // Meta's IG-Login examples draw comments without the `changes` array: the entry itself
        // carries `field` and `value`.
        if members["field"] != nil || members["value"] != nil {
            recognised = true
            if takeItem(path: path) { change(value, entry: context, path: path) }
        }
        if !recognised, takeItem(path: path) {
            let raw = value
            emit(
                Event(
                    kind: .unknown, id: Self.contentID(.unknown, raw), time: context.time ?? receivedAt,
                    account: context.id ?? "", contact: Contact(id: ""),
                    fields: [
                        EventField.fromSelf: false, EventField.raw: raw,
                        EventField.fallbackText: .string(EventField.unsupportedMessage),
                    ]))
        }
    }

    /// An id for an item that has none of its own: the kind and a hash of the item's JSON, so
    /// a re-delivery of the same item gets the same id and is de-duplicated.
    static func contentID(_ kind: EventKind, _ raw: Value) -> String {
        let digest = SHA256.hash(data: Array(JSONText.serialize(raw).utf8))
        let hex = digest.prefix(16).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }
        return "\(kind.rawValue):\(hex.joined())"
    }
}
