import Foundation

/// How the stores keep an outgoing message in their JSON columns and its message rows.
extension OutgoingMessage {
    public var storedValue: Value {
        var m: [String: Value] = [:]
        if let text { m["text"] = .string(text) }
        if let image { m["image"] = .string(image) }
        if let file { m["file"] = .string(file) }
        if !quickReplies.isEmpty { m["quick_replies"] = QuickReply.storedValue(quickReplies) }
        return .object(m)
    }

    public init(storedValue: Value) throws(StoredShapeError) {
        let s = try StoredShape(storedValue, "message")
        self.init(
            text: try s.optionalString("text"), image: try s.optionalString("image"), file: try s.optionalString("file"),
            quickReplies: try QuickReply.fromStored(.array(try s.array("quick_replies"))))
    }

    /// The image and file as attachments in the message history, shaped like Meta's
    /// (`type`, `url`) so inbound and outbound attachments read alike.
    public var storedAttachments: [Value] {
        var out: [Value] = []
        if let image { out.append(["type": "image", "url": .string(image)]) }
        if let file { out.append(["type": "file", "url": .string(file)]) }
        return out
    }
}

extension QuickReply {
    public static func storedValue(_ replies: [QuickReply]) -> Value {
        .array(replies.map { ["title": .string($0.title), "payload": .string($0.payload)] })
    }

    public static func fromStored(_ value: Value) throws(StoredShapeError) -> [QuickReply] {
        guard case .array(let items) = value else { throw StoredShapeError("quick replies: not an array") }
        var out: [QuickReply] = []
        for item in items {
            let s = try StoredShape(item, "quick reply")
            out.append(QuickReply(title: try s.string("title"), payload: try s.string("payload")))
        }
        return out
    }
}
