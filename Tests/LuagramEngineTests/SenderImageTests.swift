import Foundation
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramTestSupport
import Testing

/// Images are checked with a HEAD (or a ranged GET) when they are about to go.
@Suite("Sender images")
struct SenderImageTests {
    typealias H = SenderHarness

    struct Case: Sendable, CustomTestStringConvertible {
        var label: String
        var file: FakeGraphServer.MediaFile
        /// Nil when it is attached; else words the link's reason holds.
        var linkBecause: String?
        var testDescription: String { label }
    }

    static let cases: [Case] = [
        Case(label: "a png of 500 kB is attached", file: .init(contentType: "image/png", byteSize: 500_000)),
        Case(label: "a jpeg of exactly 8,000,000 bytes is attached", file: .init(contentType: "image/jpeg", byteSize: 8_000_000)),
        Case(
            label: "a jpeg whose host refuses HEAD is attached after a ranged GET",
            file: .init(contentType: "image/jpeg", byteSize: 120_000, allowsHead: false)),
        Case(
            label: "a jpeg of 8,000,001 bytes goes as a link", file: .init(contentType: "image/jpeg", byteSize: 8_000_001),
            linkBecause: "over the 8000000-byte limit"),
        Case(label: "a gif goes as a link", file: .init(contentType: "image/gif", byteSize: 1000), linkBecause: "image/gif"),
        Case(
            label: "an image whose type cannot be learned goes as a link, saying why",
            file: .init(contentType: nil, byteSize: 1000), linkBecause: "no Content-Type"),
    ]

    @Test("png and jpeg up to 8,000,000 bytes are attached; anything else goes as a link with the reason", arguments: cases)
    func imagesAreChecked(_ row: Case) async throws {
        try await H.run(probesImages: true) { h in
            let url = h.server.serve(row.file, as: "picture")
            let messages = [OutgoingMessage(text: "Our size chart"), OutgoingMessage(image: url)]
            let id = try await h.commit(
                .reply(OutgoingMessage(text: "Our size chart", image: url)),
                plan: SendPlan(messagingType: .response, messages: messages))

            let report = await h.sender.sendDue(now: H.t0)

            guard case .sent = report[id] else {
                Issue.record("not sent: \(String(describing: report[id]))")
                return
            }
            let bodies = h.posts.map(\.bodyText)
            try #require(bodies.count == 2)
            let plan = try #require(try await h.row(id)?.entry.plan)
            if let because = row.linkBecause {
                #expect(bodies[1].contains(#""text":"\#(url)""#), "\(bodies[1])")
                #expect(plan.messages[1] == OutgoingMessage(text: url))
                guard case .attachmentAsLink(_, let why)? = plan.conversions.last else {
                    Issue.record("no conversion recorded: \(plan.conversions)")
                    return
                }
                #expect(why.contains(because), "\(why)")
                #expect(await h.sender.counters.imagesSentAsLinks == 1)
            } else {
                #expect(bodies[1].contains(#""attachment":{"payload":{"url":"\#(url)"},"type":"image"}"#), "\(bodies[1])")
                #expect(plan.messages[1] == OutgoingMessage(image: url))
            }
        }
    }
}
