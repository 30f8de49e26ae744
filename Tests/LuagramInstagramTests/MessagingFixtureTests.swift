import Foundation
import LuagramDomain
import Testing

@testable import LuagramInstagram

private let account = "17841400000000001"
private let customer = "1234567890123456"

@Suite("Decoding the messaging webhook payloads (Fixtures/README.json names their sources)")
struct MessagingFixtureTests {
    @Test("a text message becomes a message from the sender to the account, timed in milliseconds")
    func textMessage() throws {
        let event = try Fixture.single("text-message")
        #expect(event.kind == .message)
        #expect(event.id.hasPrefix("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx"))
        #expect(event.account == account)
        #expect(event.contact.id == customer)
        #expect(event.text == "Hi! Do you ship to Lisbon?")
        #expect(event.time == epochMilliseconds(1_767_225_600_123))
        #expect(event.attachments == [])
        #expect(event.fields[EventField.fromSelf] == false)
        #expect(event.fields[EventField.mid] == .string(event.id))
    }

    @Test("an image and a video arrive as two attachments with their URLs, in order")
    func imageAndVideo() throws {
        let event = try Fixture.single("attachments-image-video")
        #expect(event.kind == .message)
        #expect(event.text == nil)
        #expect(event.attachments.map { $0["type"] } == ["image", "video"])
        #expect(event.attachments[0]["url"]?.stringValue?.contains("asset_id=18000000000000001") == true)
        #expect(event.attachments[1]["url"]?.stringValue?.contains("asset_id=18000000000000002") == true)
    }

    @Test("a shared reel keeps its video id, caption and URL")
    func sharedReel() throws {
        let reel = try #require(try Fixture.single("shared-reel").attachments.first)
        #expect(reel["type"] == "ig_reel")
        #expect(reel["id"] == "18090345520800000")
        #expect(reel["title"] == "New drop this Friday #sneakers")
        #expect(reel["url"]?.stringValue?.hasPrefix("https://lookaside.fbsbx.com/") == true)
        #expect(reel["payload"]?["reel_video_id"] == "18090345520800000")
    }

    @Test("a shared post takes its id from ig_post_media_id")
    func sharedPost() throws {
        let post = try #require(try Fixture.single("shared-post").attachments.first)
        #expect(post["type"] == "ig_post")
        #expect(post["id"] == "17897654949590000")
        #expect(post["title"] == "Spring collection, part 2")
    }

    @Test("a story mention is a message with a story_mention attachment")
    func storyMention() throws {
        let event = try Fixture.single("story-mention")
        #expect(event.kind == .message)
        #expect(event.attachments.first?["type"] == "story_mention")
        #expect(event.attachments.first?["url"] != nil)
    }

    @Test("an ig_story attachment takes its URL from story_media_url and its id from story_media_id")
    func storyAttachment() throws {
        let story = try #require(try Fixture.single("story-attachment").attachments.first)
        #expect(story["type"] == "ig_story")
        #expect(story["id"] == "18000000000000077")
        #expect(story["url"]?.stringValue?.contains("asset_id=18000000000000077") == true)
    }

    @Test("every other attachment type is kept, reel is spelled ig_reel and an unknown type keeps its name")
    func otherAttachmentTypes() throws {
        let event = try Fixture.single("attachments-other-types")
        #expect(event.kind == .message)
        let types = event.attachments.map { $0["type"]?.stringValue ?? "?" }
        #expect(types == ["audio", "file", "share", "image", "ig_reel", "ephemeral", "template", "fallback", "avatar"])
        #expect(event.attachments[3]["sticker_id"] == "369239263222822")
        #expect(event.attachments[4]["id"] == "18090345520800001")
        #expect(event.attachments[5] == ["type": "ephemeral"])
        #expect(event.attachments[6]["payload"]?["product"]?["elements"]?.arrayElements?.count == 1)
        #expect(event.attachments[7]["title"] == "A link")
        #expect(event.attachments[8]["url"] == "https://lookaside.fbsbx.com/av")
    }

    @Test("an inline reply names the message it answers in reply_to.mid")
    func replyToMessage() throws {
        let event = try Fixture.single("reply-to-message")
        #expect(event.text == "Yes, size 42 please")
        #expect(event.fields[EventField.replyTo] == ["mid": "aWdfZAG1...B9"])
    }

    @Test("a story reply names the story in reply_to.story with its id and URL")
    func replyToStory() throws {
        let event = try Fixture.single("reply-to-story")
        #expect(event.kind == .message)
        #expect(event.text == "How much is this one?")
        let story = try #require(event.fields[EventField.replyTo]?["story"])
        #expect(story["id"] == "17990000000000001")
        #expect(story["url"]?.stringValue?.hasPrefix("https://lookaside.fbsbx.com/") == true)
    }

    @Test("a quick-reply tap carries the tapped title as text and the payload in quick_reply_payload")
    func quickReply() throws {
        let event = try Fixture.single("quick-reply")
        #expect(event.kind == .message)
        #expect(event.text == "Track my order")
        #expect(event.fields[EventField.quickReplyPayload] == "MENU_TRACK_ORDER")
    }

    @Test("an echo belongs to the account, its contact is the recipient, and it is from_self")
    func echo() throws {
        let event = try Fixture.single("echo")
        #expect(event.kind == .echo)
        #expect(event.account == account)
        #expect(event.contact.id == customer)
        #expect(event.text == "Thanks! Your order ships tomorrow.")
        #expect(event.fields[EventField.fromSelf] == true)
    }

    @Test("an unsend becomes a deleted event for the unsent mid, with the fallback text")
    func unsend() throws {
        let event = try Fixture.single("unsend")
        #expect(event.kind == .deleted)
        #expect(event.id == "aWdfZAG1...A5")
        #expect(event.fields[EventField.mid] == "aWdfZAG1...A5")
        #expect(event.fields[EventField.fallbackText] == "Unsupported Message")
        #expect(event.contact.id == customer)
    }

    @Test("is_unsupported becomes an unsupported event with the fallback text and the raw item")
    func unsupported() throws {
        let event = try Fixture.single("unsupported")
        #expect(event.kind == .unsupported)
        #expect(event.id == "aWdfZAG1...A8")
        #expect(event.fields[EventField.fallbackText] == "Unsupported Message")
        #expect(event.fields[EventField.raw]?["message"]?["is_unsupported"] == true)
        #expect(event.fields[EventField.raw]?["sender"]?["id"] == .string(customer))
        #expect(event.fields[EventField.type] == nil)
    }

    @Test("a message from an ad carries the referral with ad id and the ads context")
    func adReferral() throws {
        let event = try Fixture.single("message-referral-ad")
        #expect(event.kind == .message)
        #expect(event.text == "Is this still available?")
        let referral = try #require(event.fields[EventField.referral])
        #expect(referral["ref"] == "spring_campaign")
        #expect(referral["ad_id"] == "120210000000000001")
        #expect(referral["source"] == "ADS")
        #expect(referral["type"] == "OPEN_THREAD")
        #expect(referral["ads_context_data"]?["ad_title"] == "Spring sale - 30% off")
        #expect(referral["ads_context_data"]?["post_id"] == "120210000000000099")
        #expect(referral["ads_context_data"]?["flow_id"] == "998877665544")
        #expect(referral["ads_context_data"]?["photo_url"] != nil)
    }

    @Test("a first message from an ig.me link carries the SHORTLINKS referral")
    func shortlinkReferral() throws {
        let event = try Fixture.single("message-referral-shortlink")
        #expect(event.fields[EventField.referral] == ["ref": "bio_link", "source": "SHORTLINKS", "type": "OPEN_THREAD"])
    }

    @Test("a message from a Shops product page carries the product id")
    func productReferral() throws {
        let event = try Fixture.single("message-referral-product")
        #expect(event.fields[EventField.referral] == ["product": ["id": "6543210000000001"]])
    }

    @Test("an ice-breaker tap becomes a postback with payload, title and mid")
    func postback() throws {
        let event = try Fixture.single("postback")
        #expect(event.kind == .postback)
        #expect(event.id == "aWdfZAG1...C1")
        #expect(event.fields[EventField.payload] == "FAQ_HOURS")
        #expect(event.fields[EventField.title] == "What are your opening hours?")
        #expect(event.fields[EventField.mid] == "aWdfZAG1...C1")
        #expect(event.contact.id == customer)
    }

    @Test("a postback from an ig.me link in a new thread carries the referral")
    func postbackWithReferral() throws {
        let event = try Fixture.single("postback-with-referral")
        #expect(event.kind == .postback)
        #expect(event.fields[EventField.payload] == "ICEBREAKER_COUPON")
        #expect(event.fields[EventField.referral] == ["ref": "qr_store_12", "source": "SHORTLINKS", "type": "OPEN_THREAD"])
    }

    @Test("an existing thread opened from an ig.me link becomes a referral event")
    func messagingReferral() throws {
        let event = try Fixture.single("messaging-referral")
        #expect(event.kind == .referral)
        #expect(event.fields[EventField.referral] == ["ref": "newsletter_oct", "source": "SHORTLINKS", "type": "OPEN_THREAD"])
        #expect(event.contact.id == customer)
        #expect(event.id == "\(customer)@1767226900123#newsletter_oct")
    }

    @Test("a read receipt becomes a read event naming the last message read")
    func read() throws {
        let event = try Fixture.single("read")
        #expect(event.kind == .read)
        #expect(event.fields[EventField.mid] == "aWdfZAG1...B1")
        #expect(event.fields[EventField.watermark] == nil)
    }

    @Test("a reaction carries the action, Meta's name, the emoji and the target mid")
    func reaction() throws {
        let event = try Fixture.single("reaction")
        #expect(event.kind == .reaction)
        #expect(event.fields[EventField.action] == "react")
        #expect(event.fields[EventField.reaction] == "love")
        #expect(event.fields[EventField.emoji] == "\u{2764}\u{FE0F}")
        #expect(event.fields[EventField.targetMid] == "aWdfZAG1...B1")
    }

    @Test("an unreact has the action and target but no emoji, and a different id from the react")
    func unreact() throws {
        let event = try Fixture.single("reaction-unreact")
        #expect(event.kind == .reaction)
        #expect(event.fields[EventField.action] == "unreact")
        #expect(event.fields[EventField.emoji] == nil)
        #expect(event.id != (try Fixture.single("reaction")).id)
    }

    @Test("an edit carries the new text and the edit count, and its id differs per edit")
    func edit() throws {
        let event = try Fixture.single("message-edit")
        #expect(event.kind == .edit)
        #expect(event.text == "Hi! Do you ship to Porto?")
        #expect(event.fields[EventField.mid] == "aWdfZAG1...A1")
        #expect(event.fields[EventField.numEdit] == 1)
        #expect(event.id == "aWdfZAG1...A1#1")
    }

    @Test("a thread handover is kept as an unknown event with its type and raw item")
    func handover() throws {
        let event = try Fixture.single("handover-pass-thread-control")
        #expect(event.kind == .unknown)
        #expect(event.fields[EventField.type] == "pass_thread_control")
        #expect(event.fields[EventField.raw]?["pass_thread_control"]?["metadata"] == "escalate: refund")
        #expect(event.contact.id == customer)
        #expect(event.id.hasPrefix("unknown:"))
    }

    @Test("a message in standby[] is a message marked standby")
    func standby() throws {
        let event = try Fixture.single("standby")
        #expect(event.kind == .message)
        #expect(event.text == "Anyone there?")
        #expect(event.fields[EventField.standby] == true)
    }

    @Test("a dashboard test payload wraps a message in changes[], with entry id 0 and seconds as a string")
    func dashboardTest() throws {
        let event = try Fixture.single("dashboard-test-message")
        #expect(event.kind == .message)
        #expect(event.text == "random_text")
        #expect(event.account == "23245")
        #expect(event.contact.id == "12334")
        #expect(event.time == Date(timeIntervalSince1970: 1_527_459_824))
        #expect(event.fields[EventField.test] == true)
    }

    @Test("one POST with several entries and items decodes every item, in body order")
    func batch() throws {
        let decoded = try Fixture.decode("batch-several-entries")
        #expect(decoded.errors == [])
        #expect(decoded.events.map(\.kind) == [.message, .message, .read, .comment])
        #expect(decoded.events.map(\.contact.id) == ["1234567890123456", "1234567890123457", "1234567890123458", "848067410000002"])
        #expect(decoded.events[2].account == "17841400000000002")
        #expect(decoded.events[3].time == Date(timeIntervalSince1970: 1_776_340_000))
    }
}
