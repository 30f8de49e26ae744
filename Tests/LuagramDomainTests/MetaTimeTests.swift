import Foundation
import LuagramDomain
import Testing

@Suite("Meta's timestamps")
struct MetaTimeTests {
    static let instant = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("seconds, milliseconds, microseconds, numeric strings and ISO 8601 all name the same instant")
    func units() {
        let forms: [Value] = [
            .int(1_795_000_000), .int(1_795_000_000_000), .int(1_795_000_000_000_000), .double(1_795_000_000.0),
            .string("1795000000"), .string("2026-11-18T11:06:40+0000"), .string("2026-11-18T12:06:40+01:00"),
        ]
        for form in forms { #expect(MetaTime.date(form) == Self.instant, "\(form)") }
    }

    @Test("what is no time gives nil, never a trap")
    func notTimes() {
        for value: Value in [.int(0), .int(-5), .double(.infinity), .double(.nan), .double(1e300), .string("soon"), .bool(true), .null] {
            #expect(MetaTime.date(value) == nil, "\(value)")
        }
        #expect(!MetaTime.isSupported(Date(timeIntervalSince1970: 1e300)))
        #expect(MetaTime.milliseconds(Self.instant) == 1_795_000_000_000)
    }
}
