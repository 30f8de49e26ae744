/// Reads the members of a stored JSON object, failing with what was expected where.
///
/// The JSON columns hold domain values in a shape of our own (see the `+Stored` files);
/// this keeps their readers short and their errors specific.
public struct StoredShape {
    public let members: [String: Value]
    public let what: String

    public init(_ value: Value, _ what: String) throws(StoredShapeError) {
        guard case .object(let members) = value else { throw StoredShapeError("\(what): not an object") }
        self.members = members
        self.what = what
    }

    public func has(_ key: String) -> Bool { members[key] != nil }

    public func value(_ key: String) throws(StoredShapeError) -> Value {
        guard let v = members[key] else { throw StoredShapeError("\(what): no \(key)") }
        return v
    }

    public func string(_ key: String) throws(StoredShapeError) -> String {
        guard case .string(let s) = members[key] else { throw StoredShapeError("\(what): \(key) is not a string") }
        return s
    }

    public func optionalString(_ key: String) throws(StoredShapeError) -> String? {
        switch members[key] {
        case nil, .null: return nil
        case .string(let s): return s
        default: throw StoredShapeError("\(what): \(key) is not a string")
        }
    }

    public func int(_ key: String) throws(StoredShapeError) -> Int64 {
        guard case .int(let i) = members[key] else { throw StoredShapeError("\(what): \(key) is not an integer") }
        return i
    }

    public func double(_ key: String) throws(StoredShapeError) -> Double {
        switch members[key] {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw StoredShapeError("\(what): \(key) is not a number")
        }
    }

    public func array(_ key: String) throws(StoredShapeError) -> [Value] {
        switch members[key] {
        case nil: return []
        case .array(let items): return items
        default: throw StoredShapeError("\(what): \(key) is not an array")
        }
    }

    public func raw<T: RawRepresentable>(_ key: String, as: T.Type) throws(StoredShapeError) -> T where T.RawValue == String {
        let s = try string(key)
        guard let v = T(rawValue: s) else { throw StoredShapeError("\(what): unknown \(key) \(s)") }
        return v
    }
}

/// A stored JSON value that does not have the shape its reader expects.
public struct StoredShapeError: Error, Sendable {
    public var detail: String
    public init(_ detail: String) { self.detail = detail }
}
