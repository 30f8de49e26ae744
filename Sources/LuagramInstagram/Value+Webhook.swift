import LuagramDomain

// Lenient readers for Meta's JSON: a field of the wrong type reads as absent, and the decoder
// decides whether that costs the item or only the field.
extension Value {
    var objectMembers: [String: Value]? {
        if case .object(let members) = self { return members }
        return nil
    }

    var arrayElements: [Value]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// Meta sends ids as strings, but integers (as some older and test payloads have) are the
    /// same id. Empty strings are not ids.
    var idString: String? {
        switch self {
        case .string(let string): return string.isEmpty ? nil : string
        case .int(let int): return String(int)
        case .double(let double) where double.rounded() == double && abs(double) < 9.0e15: return String(Int64(double))
        default: return nil
        }
    }

    /// Flags are `true` on the wire; `"true"` and `1` are taken to mean the same.
    var isTrue: Bool {
        switch self {
        case .bool(let bool): return bool
        case .int(let int): return int == 1
        case .string(let string): return string == "true"
        default: return false
        }
    }

    /// An integer, also when Meta quotes it (`"num_edit": "1"` in its samples).
    var integer: Int64? {
        switch self {
        case .int(let int): return int
        case .double(let double) where double.rounded() == double && abs(double) < 9.0e18: return Int64(double)
        case .string(let string): return Int64(string)
        default: return nil
        }
    }

    /// A short, human description of the JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
