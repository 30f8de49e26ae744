import LuagramDomain

/// Where an item came from, which the rules may need to know.
struct ItemFlags {
    var standby = false
    var test = false

    /// The fields every event from such an item carries.
    func baseFields(fromSelf: Bool) -> [String: Value] {
        var fields: [String: Value] = [EventField.fromSelf: .bool(fromSelf)]
        if standby { fields[EventField.standby] = true }
        if test { fields[EventField.test] = true }
        return fields
    }
}
