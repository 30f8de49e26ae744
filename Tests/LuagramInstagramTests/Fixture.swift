import Foundation
import LuagramDomain
import Testing

@testable import LuagramInstagram

/// The webhook bodies in `Fixtures/` (see `Fixtures/README.json` for where each comes from).
enum Fixture {
    static let receivedAt = Date(timeIntervalSince1970: 1_800_000_000)

    static func data(_ name: String) throws -> Data {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            "fixture \(name).json is missing")
        return try Data(contentsOf: url)
    }

    /// Every fixture body, by name, README excluded.
    static func all() throws -> [(name: String, body: [UInt8])] {
        let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".json") && $0 != "README.json" }
            .sorted()
        return try names.map { name in
            (name, Array(try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    static func decode(_ name: String) throws -> DecodedWebhook {
        try WebhookDecoder().decode(try data(name), receivedAt: receivedAt)
    }

    /// The only event of a fixture that should decode cleanly into exactly one.
    static func single(_ name: String) throws -> Event {
        let decoded = try decode(name)
        #expect(decoded.errors == [], "unexpected errors in \(name)")
        #expect(decoded.events.count == 1, "expected one event in \(name)")
        return try #require(decoded.events.first)
    }

    static func decode(json: String) throws -> DecodedWebhook {
        try WebhookDecoder().decode(Array(json.utf8), receivedAt: receivedAt)
    }
}

/// A date from epoch milliseconds, as the fixtures write them.
func epochMilliseconds(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
