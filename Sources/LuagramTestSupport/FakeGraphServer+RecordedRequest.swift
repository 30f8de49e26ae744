import Foundation
import LuagramDomain

extension FakeGraphServer {
    /// One call as the server received it.
    public struct RecordedRequest: Sendable, Hashable {
        public var method: String
        /// The path without the query (`/v25.0/17841400000000001/messages`).
        public var path: String
        public var query: String?
        /// Header names in lower case; repeated headers joined with ", ".
        public var headers: [String: String]
        /// The body's exact text, for comparing with an expected JSON string.
        public var bodyText: String
        /// The body parsed, or nil when it is not JSON.
        public var json: Value?

        public init(method: String, path: String, query: String?, headers: [String: String], bodyText: String, json: Value?) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.bodyText = bodyText
            self.json = json
        }

        /// The token of an `Authorization: Bearer …` header.
        public var bearerToken: String? {
            guard let value = headers["authorization"], value.hasPrefix("Bearer ") else { return nil }
            return String(value.dropFirst("Bearer ".count))
        }
    }
}

/// Decodes any JSON into the domain's `Value`, keeping integers apart from doubles. A
/// wrapper rather than a conformance on `Value`, which belongs to the domain module.
struct JSONValue: Decodable {
    var value: Value

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var values: [Value] = []
            while !array.isAtEnd { values.append(try array.decode(JSONValue.self).value) }
            value = .array(values)
        } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var values: [String: Value] = [:]
            for key in object.allKeys { values[key.stringValue] = try object.decode(JSONValue.self, forKey: key).value }
            value = .object(values)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                value = .null
            } else if let bool = try? single.decode(Bool.self) {
                value = .bool(bool)
            } else if let int = try? single.decode(Int64.self) {
                value = .int(int)
            } else if let double = try? single.decode(Double.self) {
                value = .double(double)
            } else {
                value = .string(try single.decode(String.self))
            }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
