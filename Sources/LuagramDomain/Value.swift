/// A JSON-like value: what events carry in their kind-specific fields and what rules may
/// store on a contact.
public enum Value: Sendable, Hashable {
    /// An object's member; nil for a missing key or when this is not an object.
    public subscript(key: String) -> Value? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    /// An array's item; nil out of range or when this is not an array.
    public subscript(index: Int) -> Value? {
        if case .array(let items) = self, items.indices.contains(index) { items[index] } else { nil }
    }

    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([Value])
    case object([String: Value])

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The boolean; nil for anything else (numbers are not booleans).
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The array's items; nil when this is not an array.
    public var arrayValue: [Value]? {
        if case .array(let items) = self { return items }
        return nil
    }

    /// The object's members; nil when this is not an object.
    public var objectValue: [String: Value]? {
        if case .object(let members) = self { return members }
        return nil
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
