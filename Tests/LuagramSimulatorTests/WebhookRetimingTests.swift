import Foundation
import LuagramDomain
@testable import LuagramSimulator
import Testing

@Suite("Recorded webhooks moved to the test's clock")
struct WebhookRetimingTests {
    @Test("the earliest stamp becomes now and the others keep their distance, each in its own unit")
    func keepsDistances() throws {
        let body = #"{"object":"instagram","entry":[{"id":"1","time":1700000000,"messaging":[{"timestamp":1700000000000},{"timestamp":1700000005000}]}],"x":"1"}"#
        let now = Date(timeIntervalSince1970: 1_800_000_000.25)
        let moved = try JSONText.parse(WebhookRetiming.retimed(Data(body.utf8), to: now))
        let entry = moved["entry"]?[0]
        #expect(entry?["time"] == .int(1_800_000_000))
        #expect(entry?["messaging"]?[0]?["timestamp"] == .int(1_800_000_000_250))
        #expect(entry?["messaging"]?[1]?["timestamp"] == .int(1_800_000_005_250))
        #expect(moved["x"] == .string("1"))
    }

    @Test("stamps that are no time are left alone, never a trap")
    func oddStamps() throws {
        let body = #"{"entry":[{"time":-9223372036854775808,"messaging":[{"timestamp":9223372036854775807},{"timestamp":1700000000000}]}]}"#
        let moved = try JSONText.parse(WebhookRetiming.retimed(Data(body.utf8), to: Date(timeIntervalSince1970: 1_800_000_000)))
        #expect(moved["entry"]?[0]?["time"] == .int(.min))
        #expect(moved["entry"]?[0]?["messaging"]?[0]?["timestamp"] == .int(.max))
        #expect(moved["entry"]?[0]?["messaging"]?[1]?["timestamp"] == .int(1_800_000_000_000))
    }
}
