extension ContactState {
    /// A contact's tags as both stores keep them: a JSON array of strings.
    public static func storedTags(_ value: Value) throws -> [String] {
        guard case .array(let values) = value else {
            throw StoreError.corruptValue(table: "contacts", column: "tags", detail: "not an array")
        }
        return try values.map { value in
            guard let tag = value.stringValue else {
                throw StoreError.corruptValue(table: "contacts", column: "tags", detail: "a tag is not a string")
            }
            return tag
        }
    }

    /// A contact's data as both stores keep it: a JSON object.
    public static func storedData(_ value: Value) throws -> [String: Value] {
        guard case .object(let values) = value else {
            throw StoreError.corruptValue(table: "contacts", column: "data", detail: "not an object")
        }
        return values
    }
}
