import Foundation
import LuagramDomain
import LuagramInstagram

/// One input of `simulate`: a webhook body, an agent's send, or a tick of the clock.
public enum SimulationInput: Sendable, Hashable {
    /// A webhook body as Meta posts it (`"object": "instagram"`), kept byte for byte.
    case webhook(Data)
    /// `{"agent": {"contact": ID, "text": …, "at": MS, "name": …, "account": …}}`.
    case agent(contact: String, text: String, at: Date?, name: String, account: String?)
    /// `{"tick": MS}`: the clock moves to MS and what comes due goes.
    case tick(Date)

    /// Reads one JSON value.
    public init(json bytes: Data) throws(SimulationInputError) {
        let value: Value
        do {
            value = try JSONText.parse(bytes)
        } catch {
            throw .init("not JSON: \(error)")
        }
        guard case .object(let object) = value else { throw .init("expected a JSON object") }
        if object["object"] != nil {
            self = .webhook(bytes)
        } else if case .object(let agent)? = object["agent"] {
            guard let contact = Self.id(agent["contact"]), let text = agent["text"]?.stringValue else {
                throw .init(#"an agent send needs "contact" and "text""#)
            }
            self = .agent(
                contact: contact, text: text, at: try agent["at"].map(Self.time), name: agent["name"]?.stringValue ?? "agent",
                account: Self.id(agent["account"]))
        } else if let tick = object["tick"] {
            self = .tick(try Self.time(tick))
        } else {
            throw .init(#"expected a webhook body ("object": "instagram"), {"agent": {…}} or {"tick": MS}"#)
        }
    }

    /// The inputs of a text: one JSON value, or JSON lines (blank lines skipped). Errors
    /// name the line.
    public static func parse(_ text: Data) throws(SimulationInputError) -> [SimulationInput] {
        if let single = try? SimulationInput(json: text) { return [single] }
        var inputs: [SimulationInput] = []
        for (number, line) in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { !$0.isASCIIWhitespace }) else { continue }
            do {
                inputs.append(try SimulationInput(json: Data(line)))
            } catch {
                throw .init("line \(number + 1): \(error.message)")
            }
        }
        return inputs
    }

    /// When the input happens, if it says: a webhook's earliest item, an agent's `at`, a tick.
    public var time: Date? {
        switch self {
        case .webhook(let body): (try? WebhookDecoder().decode(Array(body), receivedAt: Date()))?.events.map(\.time).min()
        case .agent(_, _, let at, _, _): at
        case .tick(let time): time
        }
    }

    private static func id(_ value: Value?) -> String? {
        switch value {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        default: nil
        }
    }

    /// Milliseconds since 1970, as Meta's timestamps, up to the year 9999.
    private static func time(_ value: Value) throws(SimulationInputError) -> Date {
        let date: Date
        switch value {
        case .int(let ms): date = Date(timeIntervalSince1970: Double(ms) / 1000)
        case .double(let ms): date = Date(timeIntervalSince1970: ms / 1000)
        default: throw .init("a time must be milliseconds since 1970")
        }
        guard MetaTime.isSupported(date) else {
            throw .init("a time must be milliseconds since 1970, up to 9999-12-31 (253402300799000); got \(JSONText.serialize(value))")
        }
        return date
    }
}

/// Why an input of `simulate` could not be read.
public struct SimulationInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension UInt8 {
    fileprivate var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
