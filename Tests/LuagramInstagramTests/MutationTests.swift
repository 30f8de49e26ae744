import Foundation
import LuagramDomain
import LuagramTestSupport
import Testing

@testable import LuagramInstagram

/// Breaks fixture bodies at random, both as bytes (for the parser) and as JSON trees (for the
/// decoder, which valid JSON of the wrong shape reaches).
struct Mutator {
    var rng: SeededGenerator

    /// Values chosen to land on the decoder's edge cases: empty and numeric strings, ids as
    /// numbers, huge and negative numbers, wrong containers.
    private static let replacements: [Value] = [
        .null, true, false, 0, -1, 1, .int(.max), .int(.min), 1.5, -0.0, 1e300, "", "0", "1767225600", "x",
        "2026-01-01T00:00:00Z", "17841400000000001", "instagram", "comments", "messages", "mentions", "is_echo",
        [], [.null], ["a", 1], [:], ["id": "1"], ["sender": ["id": "1"], "recipient": ["id": "2"]],
        ["mid": "m", "is_deleted": true], ["type": "image", "payload": ["url": "u"]], ["field": "comments", "value": [:]],
    ]
    private static let keys = [
        "object", "entry", "id", "time", "messaging", "standby", "changes", "field", "value", "sender", "recipient",
        "timestamp", "message", "mid", "text", "attachments", "type", "payload", "url", "is_echo", "is_deleted",
        "is_unsupported", "reply_to", "story", "quick_reply", "referral", "reaction", "read", "postback",
        "message_edit", "from", "media", "comment_id", "media_id", "parent_id", "num_edit", "watermark", "zzz",
    ]
    private static let fragments: [[UInt8]] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "null", "true", "-", "0", "1e999", "e", ".",
        "\u{0}", "\"id\":", "{\"a\":[", "]}", "\n", " ",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xED, 0xA0, 0x80]]

    mutating func int(_ upper: Int) -> Int { Int.random(in: 0..<upper, using: &rng) }

    mutating func mutateBytes(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...int(3) {
            guard !bytes.isEmpty else {
                bytes = Self.fragments[int(Self.fragments.count)]
                continue
            }
            let at = int(bytes.count)
            switch int(7) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.insert(contentsOf: Self.fragments[int(Self.fragments.count)], at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + 1 + int(40)))
            case 3: bytes.removeSubrange(at...)
            case 4:
                let end = min(bytes.count, at + 1 + int(200))
                bytes.insert(contentsOf: bytes[at..<end], at: int(bytes.count))
            case 5:
                // A digit changed keeps most numbers valid, reaching the timestamp and id readers.
                if let digit = bytes[at...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                    bytes[digit] = UInt8(0x30 + int(10))
                }
            default: bytes.swapAt(at, int(bytes.count))
            }
        }
        return bytes
    }

    mutating func mutateTree(_ value: Value) -> Value {
        var result = value
        for _ in 0...int(2) { result = mutate(result, depth: 0) }
        return result
    }

    private mutating func mutate(_ value: Value, depth: Int) -> Value {
        // Descend most of the time, so deep fields are hit as often as the envelope.
        let descend = depth < 2 ? int(20) > 0 : int(10) < 8 && depth < 12
        switch value {
        case .object(var members) where descend && !members.isEmpty:
            // Below the envelope is where the decoder's choices are; a broken `object` or
            // `entry` only gives "not a webhook", which the byte mutations cover.
            let key = depth == 0 && members["entry"] != nil && int(10) > 0 ? "entry" : members.keys.sorted()[int(members.count)]
            members[key] = mutate(members[key]!, depth: depth + 1)
            return .object(members)
        case .array(var elements) where descend && !elements.isEmpty:
            let index = int(elements.count)
            elements[index] = mutate(elements[index], depth: depth + 1)
            return .array(elements)
        default:
            return change(value)
        }
    }

    private mutating func change(_ value: Value) -> Value {
        switch (value, int(6)) {
        case (.object(var members), 0) where !members.isEmpty:
            members.removeValue(forKey: members.keys.sorted()[int(members.count)])
            return .object(members)
        case (.object(var members), 1):
            members[Self.keys[int(Self.keys.count)]] = Self.replacements[int(Self.replacements.count)]
            return .object(members)
        case (.array(let elements), 0) where !elements.isEmpty:
            return .array(elements + elements)
        case (.array(var elements), 1) where !elements.isEmpty:
            elements.remove(at: int(elements.count))
            return .array(elements)
        case (_, 2):
            return .array([value])
        case (.string(let string), 3):
            return .string(String(string.reversed()))
        default:
            return Self.replacements[int(Self.replacements.count)]
        }
    }
}

@Suite("Randomly broken fixtures")
struct MutationTests {
    /// Per fixture; with 33 fixtures that is 132,000 mutations in all (about 1.5 s on 2 cores, debug).
    static let mutationsPerFixture = 4_000
    static let seed: UInt64 = 0x1A6_2A3

    static func fixtureNames() throws -> [String] { try Fixture.all().map(\.name) }

    @Test("never crash the decoder, and keep its promises about events and errors", arguments: try fixtureNames())
    func mutations(fixture name: String) throws {
        let body = try #require(try Fixture.all().first { $0.name == name }).body
        let tree = try JSONText.parse(body)
        let decoder = WebhookDecoder()
        // The seed mixes in the fixture's name so each fixture gets its own reproducible stream.
        var mutator = Mutator(rng: SeededGenerator(seed: Self.seed ^ UInt64(truncatingIfNeeded: name.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) })))
        var decodedBodies = 0
        for round in 0..<Self.mutationsPerFixture {
            let result: DecodedWebhook?
            if round % 2 == 0 {
                result = try? decoder.decode(mutator.mutateBytes(body), receivedAt: Fixture.receivedAt)
            } else {
                let mutated = mutator.mutateTree(tree)
                result = try? decoder.decode(json: mutated, receivedAt: Fixture.receivedAt)
                if round % 10 == 1 {
                    // What the writer writes, the parser reads back unchanged.
                    let text = JSONText.serialize(mutated)
                    #expect(try JSONText.parse(Array(text.utf8)) == mutated, "round \(round) of \(name)")
                }
            }
            guard let result else { continue }
            decodedBodies += 1
            for event in result.events {
                guard EventField.reserved.isDisjoint(with: event.fields.keys), event.fields[EventField.fromSelf] != nil else {
                    Issue.record("round \(round) of \(name): bad fields \(event.fields.keys.sorted())")
                    return
                }
            }
            guard result.events.count <= decoder.limits.maxItems else {
                Issue.record("round \(round) of \(name): \(result.events.count) events")
                return
            }
        }
        // Most tree mutations stay webhooks; if none did, the test would prove little.
        #expect(decodedBodies > Self.mutationsPerFixture / 4)
    }
}
