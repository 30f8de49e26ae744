import Foundation
import LuagramDomain
import LuagramPolicy
import LuagramTestSupport
import Testing

/// One row of the attachment table: an image URL and what the host learned about it.
struct ImageCase: Sendable, CustomTestStringConvertible {
    var label: String
    var info: AttachmentInfo?
    /// Nil when the image goes as an attachment; else a word the conversion's reason holds.
    var linkBecause: String?

    var testDescription: String { label }
}

@Suite("Attachments")
struct AttachmentTests {
    static let url = "https://cdn.example.com/p/size-chart.png"
    static let eightMB = 8_000_000

    static let images: [ImageCase] = [
        ImageCase(label: "a png of exactly 8 MB is attached", info: AttachmentInfo(contentType: "image/png", byteSize: eightMB)),
        ImageCase(label: "a jpeg with parameters is attached", info: AttachmentInfo(contentType: "Image/JPEG; charset=binary", byteSize: 120_000)),
        ImageCase(label: "a jpeg of 8 MB + 1 byte goes as a link", info: AttachmentInfo(contentType: "image/jpeg", byteSize: eightMB + 1), linkBecause: "over"),
        ImageCase(label: "a png of unknown size goes as a link", info: AttachmentInfo(contentType: "image/png", byteSize: nil), linkBecause: "size"),
        ImageCase(label: "an image nothing could be learned about goes as a link", info: .unknown, linkBecause: "type"),
        ImageCase(label: "an image not checked yet is planned as an image, for the sender to check", info: nil),
        ImageCase(label: "a gif goes as a link", info: AttachmentInfo(contentType: "image/gif", byteSize: 1000), linkBecause: "image/gif"),
        ImageCase(label: "a PDF given as an image goes as a link", info: AttachmentInfo(contentType: "application/pdf", byteSize: 1000), linkBecause: "application/pdf"),
    ]

    @Test("png and jpeg images up to 8 MB are attached; anything else is sent as a link, and the plan says why", arguments: images)
    func image(_ row: ImageCase) throws {
        let info = row.info.map { [Self.url: $0] } ?? [:]
        let decision = Policy().decide(request(.reply(OutgoingMessage(image: Self.url)), attachments: info), at: t0)
        guard let because = row.linkBecause else {
            #expect(decision == response(OutgoingMessage(image: Self.url)))
            return
        }
        #expect(decision.messages == [OutgoingMessage(text: Self.url)])
        let conversion = try #require(decision.conversions?.first)
        guard case .attachmentAsLink(let url, let why) = conversion else {
            Issue.record("expected an attachment-as-link conversion, got \(conversion)")
            return
        }
        #expect(url == Self.url)
        #expect(why.contains(because))
    }

    @Test("a PDF file is sent as a text carrying its URL")
    func pdf() {
        let pdf = "https://cdn.example.com/invoice-1043.pdf"
        let decision = Policy().decide(request(.reply(OutgoingMessage(file: pdf))), at: t0)
        #expect(decision.messages == [OutgoingMessage(text: pdf)])
        #expect(decision.conversions == [.attachmentAsLink(url: pdf, why: "files are sent as links")])
    }

    @Test("text comes first, then the image, then the file link")
    func order() {
        let pdf = "https://cdn.example.com/menu.pdf"
        let info = [Self.url: AttachmentInfo(contentType: "image/png", byteSize: 10)]
        let decision = Policy().decide(request(.reply(OutgoingMessage(text: "Our menu", image: Self.url, file: pdf)), attachments: info), at: t0)
        #expect(decision.messages == [OutgoingMessage(text: "Our menu"), OutgoingMessage(image: Self.url), OutgoingMessage(text: pdf)])
    }

    @Test("with quick replies the text goes last and carries them")
    func quickRepliesGoLast() {
        let choices = [QuickReply(title: "S", payload: "S"), QuickReply(title: "M", payload: "M")]
        let info = [Self.url: AttachmentInfo(contentType: "image/png", byteSize: 10)]
        let decision = Policy().decide(request(.reply(OutgoingMessage(text: "Which size?", image: Self.url, quickReplies: choices)), attachments: info), at: t0)
        #expect(decision.messages == [OutgoingMessage(image: Self.url), OutgoingMessage(text: "Which size?", quickReplies: choices)])
    }

    @Test("quick replies under an attached image alone have nothing to sit on")
    func quickRepliesNeedText() {
        let info = [Self.url: AttachmentInfo(contentType: "image/png", byteSize: 10)]
        let message = OutgoingMessage(image: Self.url, quickReplies: [QuickReply(title: "Yes", payload: "Y")])
        #expect(Policy().decide(request(.reply(message), attachments: info), at: t0) == .refuse(.invalidQuickReplies))
    }
}
