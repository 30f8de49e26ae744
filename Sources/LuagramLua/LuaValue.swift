/// A Lua value copied out of (or into) a VM: the Sendable currency between Swift and Lua.
///
/// Strings that are valid UTF-8 come out as `.string`, any other byte sequence as `.bytes`;
/// both go in as Lua strings. Tables keep their sequence part and their other keys apart,
/// so a table survives the round trip unchanged.
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case bytes([UInt8])
    case table(LuaTable)
    /// A value Swift cannot copy (a function, thread or userdata), by its Lua type name.
    case opaque(String)

    /// A table holding only a sequence.
    public static func array(_ items: [LuaValue]) -> LuaValue { .table(LuaTable(array: items)) }

    /// A table holding only string keys.
    public static func map(_ fields: [String: LuaValue]) -> LuaValue {
        .table(LuaTable(fields: Dictionary(uniqueKeysWithValues: fields.map { (LuaKey.string($0.key), $0.value) })))
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var integerValue: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    public var numberValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    public var tableValue: LuaTable? {
        if case .table(let t) = self { return t }
        return nil
    }

    public var isNil: Bool { self == .nil }

    /// The field `key` of a table value, or `.nil`.
    public subscript(key: String) -> LuaValue {
        tableValue?.fields[.string(key)] ?? .nil
    }
}

/// A key of a Lua table other than the positions of its sequence.
public enum LuaKey: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case bytes([UInt8])
}

/// A Lua table copied by value: the sequence `1...n` and the remaining fields.
public struct LuaTable: Sendable, Hashable {
    public var array: [LuaValue]
    public var fields: [LuaKey: LuaValue]

    public init(array: [LuaValue] = [], fields: [LuaKey: LuaValue] = [:]) {
        self.array = array
        self.fields = fields
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(nilLiteral: ()) { self = .nil }
}
