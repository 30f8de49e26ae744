/// JSON text in and out of `Value`: a bounded parser (webhook bodies, stored columns), and a
/// deterministic writer (sorted keys; doubles keep their ".0", so Lua still tells 1.0 from 1)
/// for `luagram decode`, the store's JSON columns, logs and content hashes.
public enum JSONText {
    /// Parses one JSON document within `limits` (size, depth, container sizes, value count).
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .standard) throws(JSONSyntaxError) -> Value {
        guard bytes.count <= limits.maxBytes else {
            throw JSONSyntaxError(offset: 0, reason: "body of \(bytes.count) bytes is over the \(limits.maxBytes)-byte limit")
        }
        let result: Result<Value, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONSyntaxError) -> Value in try JSONParser.parse(buffer, limits: limits) }
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer throws(JSONSyntaxError) -> Value in
            try JSONParser.parse(buffer, limits: limits)
        }
    }

    /// The value as compact JSON with object keys sorted, so equal values give equal text.
    /// Doubles that are not finite become `null`; containers deeper than `maxDepth` are written
    /// as `null` so that no caller can make the writer recurse without end.
    public static func serialize(_ value: Value, maxDepth: Int = JSONLimits.standard.maxDepth) -> String {
        var output = ""
        write(value, to: &output, depth: 0, maxDepth: maxDepth)
        return output
    }

    private static func write(_ value: Value, to output: inout String, depth: Int, maxDepth: Int) {
        switch value {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .int(let int): output += String(int)
        case .double(let double): output += double.isFinite ? "\(double)" : "null"
        case .string(let string): writeString(string, to: &output)
        case .array(let elements):
            guard depth < maxDepth else { output += "null"; return }
            output += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { output += "," }
                write(element, to: &output, depth: depth + 1, maxDepth: maxDepth)
            }
            output += "]"
        case .object(let members):
            guard depth < maxDepth else { output += "null"; return }
            output += "{"
            for (position, member) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if position > 0 { output += "," }
                writeString(member.key, to: &output)
                output += ":"
                write(member.value, to: &output, depth: depth + 1, maxDepth: maxDepth)
            }
            output += "}"
        }
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"  // valid JSON, but breaks JavaScript readers of the lines
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
