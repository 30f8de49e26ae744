import LuagramDomain
import LuagramLua

extension Value {
    /// The value as rules see it: objects and arrays become tables, null becomes nil.
    public var lua: LuaValue {
        switch self {
        case .null: .nil
        case .bool(let b): .boolean(b)
        case .int(let i): .integer(i)
        case .double(let d): .number(d)
        case .string(let s): .string(s)
        case .array(let items): .array(items.map(\.lua))
        case .object(let fields): .map(fields.mapValues(\.lua))
        }
    }

    /// A value a rule handed over, if it is one that can be kept: nil, booleans, numbers,
    /// UTF-8 strings, and tables of them with string keys or a sequence.
    public init?(lua value: LuaValue) {
        switch value {
        case .nil: self = .null
        case .boolean(let b): self = .bool(b)
        case .integer(let i): self = .int(i)
        case .number(let d):
            guard d.isFinite else { return nil }
            self = .double(d)
        case .string(let s): self = .string(s)
        case .bytes, .opaque: return nil
        case .table(let table):
            if table.fields.isEmpty {
                var items: [Value] = []
                for item in table.array {
                    guard let v = Value(lua: item) else { return nil }
                    items.append(v)
                }
                self = .array(items)
            } else {
                guard table.array.isEmpty else { return nil }
                var fields: [String: Value] = [:]
                for (key, item) in table.fields {
                    guard case .string(let k) = key, let v = Value(lua: item) else { return nil }
                    fields[k] = v
                }
                self = .object(fields)
            }
        }
    }
}
