import LuagramDomain

// `message.attachments[] = {type, payload}` as values rules can read without knowing each
// type's payload: `{type, url, id, title, sticker_id, payload}`, where `payload` is Meta's
// payload untouched (templates, and types Luagram does not know, are read from there).
extension BodyWalk {
    /// Types Meta spells two ways; rules see one spelling. The payload keeps Meta's.
    static let attachmentTypeAliases: [String: String] = ["reel": "ig_reel", "story": "ig_story"]

    mutating func attachments(_ value: Value?, path: String) -> [Value] {
        guard let value, value != .null else { return [] }
        guard case .array(let elements) = value else {
            report(path, "attachments is \(value.typeName), not an array; ignored")
            return []
        }
        if elements.count > limits.maxAttachments {
            report(path, "\(elements.count) attachments; only the first \(limits.maxAttachments) are kept")
        }
        var attachments: [Value] = []
        for (index, element) in elements.prefix(limits.maxAttachments).enumerated() {
            if let attachment = attachment(element, path: "\(path)[\(index)]") { attachments.append(attachment) }
        }
        return attachments
    }

    private mutating func attachment(_ value: Value, path: String) -> Value? {
        guard case .object(let members) = value else {
            report(path, "attachment is \(value.typeName), not an object; skipped")
            return nil
        }
        guard let type = members["type"]?.stringValue, !type.isEmpty else {
            report(path, "attachment without a type; skipped")
            return nil
        }
        let kind = Self.attachmentTypeAliases[type] ?? type
        var out: [String: Value] = ["type": .string(kind)]
        guard let payload = members["payload"], payload != .null else { return .object(out) }
        out["payload"] = payload
        guard case .object(let fields) = payload else { return .object(out) }
        // `ig_story` names its URL `story_media_url`; every other type says `url`.
        if let url = (fields["url"] ?? fields["story_media_url"])?.stringValue { out["url"] = .string(url) }
        let idKeys: [String] =
            switch kind {
            case "ig_post": ["ig_post_media_id", "id"]
            case "ig_reel": ["reel_video_id", "id"]
            case "ig_story": ["story_media_id", "id"]
            default: ["id"]
            }
        if let id = idKeys.lazy.compactMap({ fields[$0]?.idString }).first { out["id"] = .string(id) }
        if let title = fields["title"]?.stringValue { out["title"] = .string(title) }
        if let sticker = fields["sticker_id"]?.idString { out["sticker_id"] = .string(sticker) }
        return .object(out)
    }
}
