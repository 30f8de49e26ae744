import Foundation
import LuagramDomain
import Testing

@testable import LuagramInstagram

@Suite("Decoding the comment and mention webhook payloads (Fixtures/README.json names their sources)")
struct CommentFixtureTests {
    @Test("a comment in changes[] becomes a comment from its author, timed in seconds")
    func commentInChanges() throws {
        let event = try Fixture.single("comment-changes")
        #expect(event.kind == .comment)
        #expect(event.id == "17867301270000000")
        #expect(event.account == "17841400000000001")
        #expect(event.contact == Contact(id: "848067410000000", username: "jane.doe"))
        #expect(event.text == "LINK")
        #expect(event.time == Date(timeIntervalSince1970: 1_776_339_591))
        #expect(event.fields[EventField.commentID] == "17867301270000000")
        #expect(event.fields[EventField.from] == ["id": "848067410000000", "username": "jane.doe"])
        #expect(event.fields[EventField.media] == ["id": "18050310940000000", "media_product_type": "FEED"])
        #expect(event.fields[EventField.parentID] == nil)
        #expect(event.fields[EventField.fromSelf] == false)
    }

    @Test("the flat field/value form decodes to the same comment")
    func flatComment() throws {
        let flat = try Fixture.single("comment-flat")
        var nested = try Fixture.single("comment-changes")
        nested.fields[EventField.media] = ["id": "18050310940000000", "media_product_type": "REELS"]
        #expect(flat == nested)
    }

    @Test("a reply on an ad post reads comment_id, the parent and the ad fields of media")
    func adReply() throws {
        let event = try Fixture.single("comment-ad-reply")
        #expect(event.kind == .comment)
        #expect(event.id == "17867301270000001")
        #expect(event.fields[EventField.parentID] == "17867301270000000")
        #expect(event.text == "@shop and in blue?")
        let media = try #require(event.fields[EventField.media])
        #expect(media["ad_id"] == "120210000000000001")
        #expect(media["ad_title"] == "Spring sale")
        #expect(media["original_media_id"] == "18050310940000000")
        #expect(media["media_product_type"] == "AD")
    }

    @Test("the account's own comment is marked from_self")
    func selfComment() throws {
        let event = try Fixture.single("comment-self")
        #expect(event.kind == .comment)
        #expect(event.fields[EventField.fromSelf] == true)
        #expect(event.fields[EventField.from]?["self_ig_scoped_id"] == "9876543210987654")
    }

    @Test("a comment whose only sign of the account is self_ig_scoped_id is still from_self")
    func selfScopedOnly() throws {
        let decoded = try Fixture.decode(json: """
            {"object":"instagram","entry":[{"id":"178","time":1776339591,"changes":[{"field":"comments","value":
              {"id":"c1","text":"hi","from":{"id":"999","username":"x","self_ig_scoped_id":"555"}}}]}]}
            """)
        #expect(decoded.events.first?.fields[EventField.fromSelf] == true)
    }

    @Test("a live comment becomes a live_comment event")
    func liveComment() throws {
        let event = try Fixture.single("live-comment")
        #expect(event.kind == .liveComment)
        #expect(event.text == "price?")
        #expect(event.contact.username == "live.viewer")
        #expect(event.fields[EventField.media]?["media_product_type"] == "LIVE")
    }

    @Test("a mention becomes a mention event with the comment and media ids and no contact")
    func mention() throws {
        let event = try Fixture.single("mention")
        #expect(event.kind == .mention)
        #expect(event.id == "17894227972186120")
        #expect(event.fields[EventField.commentID] == "17894227972186120")
        #expect(event.fields[EventField.media] == ["id": "17918195224117851"])
        #expect(event.contact.id == "")
        #expect(event.time == Date(timeIntervalSince1970: 1_520_622_968))
    }

    @Test("a media mention without a comment id is identified by its media")
    func mediaMention() throws {
        let decoded = try Fixture.decode(json: """
            {"object":"instagram","entry":[{"id":"178","time":1520622968,"changes":[{"field":"mentions","value":{"media_id":"m1"}}]}]}
            """)
        #expect(decoded.events.first?.id == "m1")
        #expect(decoded.events.first?.fields[EventField.commentID] == nil)
    }

    @Test("a changes field Luagram does not know becomes an unknown event named after the field")
    func unknownField() throws {
        let decoded = try Fixture.decode(json: """
            {"object":"instagram","entry":[{"id":"178","time":1520622968,"changes":[{"field":"story_insights","value":{"media_id":"m1","reach":4}}]}]}
            """)
        let event = try #require(decoded.events.first)
        #expect(event.kind == .unknown)
        #expect(event.fields[EventField.type] == "story_insights")
        #expect(event.fields[EventField.raw]?["value"]?["reach"] == 4)
    }
}

@Suite("Every fixture")
struct EveryFixtureTests {
    @Test("decodes without errors into events that use no reserved field name")
    func allFixtures() throws {
        for fixture in try Fixture.all() {
            let decoded = try WebhookDecoder().decode(fixture.body, receivedAt: Fixture.receivedAt)
            #expect(decoded.errors == [], "\(fixture.name)")
            #expect(!decoded.events.isEmpty, "\(fixture.name)")
            for event in decoded.events {
                #expect(EventField.reserved.isDisjoint(with: event.fields.keys), "\(fixture.name)")
                #expect(event.fields[EventField.fromSelf] != nil, "\(fixture.name)")
                #expect(!event.id.isEmpty && !event.account.isEmpty, "\(fixture.name)")
                // Decoding never falls back to the receive time for these: each item has a time.
                #expect(event.time != Fixture.receivedAt, "\(fixture.name)")
            }
        }
    }

    @Test("decoding the same body twice gives the same events (ids are stable for de-duplication)")
    func deterministic() throws {
        for fixture in try Fixture.all() {
            let first = try WebhookDecoder().decode(fixture.body, receivedAt: Fixture.receivedAt)
            let second = try WebhookDecoder().decode(fixture.body, receivedAt: Date())
            #expect(first == second, "\(fixture.name)")
        }
    }
}
