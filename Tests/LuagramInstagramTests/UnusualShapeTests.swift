import Foundation
import LuagramDomain
import Testing

@testable import LuagramInstagram

/// Shapes Meta really sends that the first decoder dropped or misread (issue 12, item 11),
/// and the App Dashboard's sample payloads.
@Suite("Comments named by username only, unsupported_type attachments, dashboard samples")
struct UnusualShapeTests {
    @Test func aCommentWithoutFromIdIsDecodedAsTheUsernameOnlyContact() throws {
        let event = try Fixture.single("comment-ad-username-only")
        #expect(event.kind == .comment)
        #expect(event.id == "17867301270000002")
        #expect(event.contact.id == "@jane.doe")
        #expect(event.contact.isUsernameOnly)
        #expect(event.contact.username == "jane.doe")
        #expect(event.text == "Price?")
        #expect(event.fields[EventField.from] == ["username": "jane.doe"])
        #expect(event.fields[EventField.fromSelf] == false)
        #expect(event.fields[EventField.media]?["ad_id"] == "120210000000000001")
    }

    @Test func aCommentWithNeitherFromIdNorUsernameIsStillAnError() throws {
        let decoded = try Fixture.decode(json: """
            {"object":"instagram","entry":[{"id":"1","time":1,"changes":[{"field":"comments","value":
              {"id":"c","text":"x","from":{"username":""}}}]}]}
            """)
        #expect(decoded.events == [])
        #expect(decoded.errors.first?.message == "comment without from.id or from.username")
    }

    @Test func anUnsupportedTypeAttachmentMakesAnUnsupportedEventWithTheFallbackText() throws {
        let event = try Fixture.single("unsupported-type-attachment")
        #expect(event.kind == .unsupported)
        #expect(event.id == "aWdfZAG1...A9U")
        #expect(event.attachments == [])
        #expect(event.fields[EventField.fallbackText] == .string(EventField.unsupportedMessage))
        #expect(event.fields[EventField.type] == "unsupported_type")
        #expect(event.fields[EventField.raw] != nil)
    }

    @Test func aTextBesideAnUnsupportedTypeAttachmentStaysAMessageWithTheFallbackText() throws {
        let decoded = try Fixture.decode(json: """
            {"object":"instagram","entry":[{"id":"17841400000000001","time":1,"messaging":[{
              "sender":{"id":"1234567890123456"},"recipient":{"id":"17841400000000001"},"timestamp":1767226650123,
              "message":{"mid":"m1","text":"look","attachments":[{"type":"unsupported_type"},
                {"type":"image","payload":{"url":"https://lookaside.fbsbx.com/x"}}]}}]}]}
            """)
        #expect(decoded.errors == [])
        let event = try #require(decoded.events.first)
        #expect(event.kind == .message)
        #expect(event.text == "look")
        #expect(event.attachments.map { $0["type"] } == ["image"])
        #expect(event.fields[EventField.fallbackText] == .string(EventField.unsupportedMessage))
    }

    @Test func theDashboardsMessageSampleIsMarkedTestWhateverTheEntryId() throws {
        let decoded = try Fixture.decode(json: """
            {"object":"instagram","entry":[{"id":"23245","time":1527459824,"messaging":[{
              "sender":{"id":"12334"},"recipient":{"id":"23245"},"timestamp":"1527459824",
              "message":{"mid":"random_mid","text":"random_text"}}]}]}
            """)
        let event = try #require(decoded.events.first)
        #expect(event.fields[EventField.test] == true)
    }

    @Test func theDashboardsCommentSampleIsMarkedTest() throws {
        let decoded = try Fixture.decode(json: """
            {"object":"instagram","entry":[{"id":"17841400000000001","time":1695061705,"changes":[{"field":"comments",
              "value":{"from":{"id":"232323232","username":"test"},"media":{"id":"123123123","media_product_type":"FEED"},
              "id":"17865799348089039","parent_id":"1231231234","text":"This is an example."}}]}]}
            """)
        let event = try #require(decoded.events.first)
        #expect(event.kind == .comment)
        #expect(event.fields[EventField.test] == true)
    }

    @Test func aRealCommentIsNotMarkedTest() throws {
        let event = try Fixture.single("comment-changes")
        #expect(event.fields[EventField.test] == nil)
    }
}
