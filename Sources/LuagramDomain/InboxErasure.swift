import Foundation

/// Takes an unsent message's content out of a stored webhook body.
///
/// Meta requires the content of an unsent message to be deleted when the `is_deleted`
/// webhook arrives (https://developers.facebook.com/docs/instagram-messaging/overview).
/// The inbox keeps Meta's raw bodies, so the message's text and attachments are there too —
/// and in the bodies of its edits. Each `message` or `message_edit` object with the unsent
/// `mid` is replaced by what the unsend itself says, `{"mid": …, "is_deleted": true}`
/// (`{"mid": …}` for an edit): the rest of the body (other events, other contacts) stays
/// as it was, and a body not yet processed decodes to the unsend instead of the message.
///
/// Pure, so that every store erases alike: the store finds the bodies holding one of
/// `needles(for:)` and writes back what `erasing(mid:from:)` returns.
public enum InboxErasure {
    /// The body without the message's content; nil when there was nothing to take out.
    /// A body that holds the mid but is not JSON (never decoded: rejected or quarantined)
    /// cannot be taken apart and is replaced whole by `erasedBody`.
    public static func erasing(mid: String, from body: Data) -> Data? {
        let value: Value
        do throws(JSONSyntaxError) {
            value = try JSONText.parse(body, limits: .stored)
        } catch {
            return erasedBody
        }
        var changed = false
        let erased = erase(mid: mid, in: value, changed: &changed, depth: 0)
        return changed ? Data(JSONText.serialize(erased, maxDepth: JSONLimits.stored.maxDepth).utf8) : nil
    }

    /// What is left of a body that could not be taken apart.
    public static let erasedBody = Data(#"{"erased":"the body held a message its author unsent"}"#.utf8)

    /// Both ways the mid may be written in a body: as is, and with `/` escaped as `\/`.
    public static func needles(for mid: String) -> [Data] {
        let escaped = mid.replacingOccurrences(of: "/", with: "\\/")
        return escaped == mid ? [Data(mid.utf8)] : [Data(mid.utf8), Data(escaped.utf8)]
    }

    private static func erase(mid: String, in value: Value, changed: inout Bool, depth: Int) -> Value {
        guard depth < JSONLimits.stored.maxDepth else { return value }
        switch value {
        case .object(var members):
            for (key, member) in members {
                if key == "message" || key == "message_edit", member["mid"]?.stringValue == mid {
                    let erased: Value = key == "message" ? ["mid": .string(mid), "is_deleted": true] : ["mid": .string(mid)]
                    if member != erased {
                        members[key] = erased
                        changed = true
                    }
                } else {
                    members[key] = erase(mid: mid, in: member, changed: &changed, depth: depth + 1)
                }
            }
            return .object(members)
        case .array(let elements):
            return .array(elements.map { erase(mid: mid, in: $0, changed: &changed, depth: depth + 1) })
        default:
            return value
        }
    }
}
