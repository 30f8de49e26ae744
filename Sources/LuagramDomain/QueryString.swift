import Foundation

/// A URL's query (`a=b&c=d`), decoded the way browsers encode forms and `URLSearchParams`
/// (`+` is a space, then percent-decoding). The one parser for every route that reads a
/// query: Meta's webhook handshake, the agent API and the chat-link widget.
public struct QueryString: Sendable, Hashable {
    /// The parameters in the order given, repeats included.
    public var items: [(name: String, value: String)] { pairs.map(\.tuple) }
    private var pairs: [Pair]

    private struct Pair: Sendable, Hashable {
        let name: String
        let value: String
        init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
        var tuple: (String, String) { (name, value) }
    }

    /// Why a query could not be read.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Parses the query text without its `?`; throws on broken percent-encoding.
    public init(_ text: String) throws(Problem) {
        pairs = []
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append(Pair(try Self.decode(parts[0]), try Self.decode(parts.count == 2 ? parts[1] : "")))
        }
    }

    /// The first value of `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// How many times `name` is given.
    public func count(of name: String) -> Int {
        pairs.count { $0.name == name }
    }

    private static func decode(_ text: Substring) throws(Problem) -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw Problem(description: "the query is not valid percent-encoding")
        }
        return decoded
    }
}
