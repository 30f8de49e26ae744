import Foundation
import LuagramDomain
import Testing

@testable import LuagramInstagram

/// A body with one entry of the given messaging items.
private func body(_ items: String..., entry: String = #""id":"17841400000000001","time":1767225600456"#) -> String {
    #"{"object":"instagram","entry":[{\#(entry),"messaging":[\#(items.joined(separator: ","))]}]}"#
}

private func text(_ mid: String, _ text: String = "hi", sender: String = "111") -> String {
    #"{"sender":{"id":"\#(sender)"},"recipient":{"id":"17841400000000001"},"timestamp":1767225600123,"message":{"mid":"\#(mid)","text":"\#(text)"}}"#
}

private func bodyError(_ bytes: some Collection<UInt8>, limits: WebhookLimits = .standard) -> WebhookBodyError? {
    do {
        _ = try WebhookDecoder(limits: limits).decode(bytes, receivedAt: Fixture.receivedAt)
        return nil
    } catch {
        return error
    }
}

@Suite("Bodies that are not webhooks")
struct NotAWebhookTests {
    @Test(
        "are refused whole with a reason",
        arguments: [
            "", "hello", "null", "[]", "42", #"{"entry":[]}"#, #"{"object":"instagram"}"#,
            #"{"object":"instagram","entry":{}}"#, #"{"object":7,"entry":[]}"#, #"{"object":"instagram","entry":[]} x"#,
        ])
    func refused(_ text: String) {
        let error = bodyError(Array(text.utf8))
        #expect(error != nil)
        #expect(error?.description.hasPrefix("not a webhook body") == true)
    }

    @Test("a webhook for another product is refused as not Instagram")
    func otherObject() {
        #expect(bodyError(Array(#"{"object":"page","entry":[]}"#.utf8)) == .unexpectedObject("page"))
    }

    @Test("a truncated fixture is invalid JSON, at every cut")
    func truncated() throws {
        let full = Array(try Fixture.data("message-referral-ad"))
        // The fixture ends in "}\n": every shorter cut loses the closing brace at least.
        for cut in 0..<(full.count - 1) {
            guard case .invalidJSON? = bodyError(full[..<cut]) else {
                Issue.record("cut at \(cut) was not refused as invalid JSON")
                return
            }
        }
    }

    @Test("invalid UTF-8 inside a string is invalid JSON")
    func invalidUTF8() {
        var bytes = Array(body(text("m1", "XX")).utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "X"))!
        bytes[at] = 0xC3
        bytes[at + 1] = 0x28  // a lead byte followed by a non-continuation byte
        guard case .invalidJSON(let error)? = bodyError(bytes) else {
            Issue.record("not refused")
            return
        }
        #expect(error.reason.contains("UTF-8"))
    }

    @Test("an empty body, an empty object and an empty entry list are handled without events")
    func empty() throws {
        #expect(bodyError([UInt8]()) != nil)
        #expect(bodyError(Array("{}".utf8)) != nil)
        let decoded = try Fixture.decode(json: #"{"object":"instagram","entry":[]}"#)
        #expect(decoded == DecodedWebhook())
    }

    @Test("nesting deeper than the limit is refused without exhausting the stack")
    func deepNesting() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        guard case .invalidJSON(let error)? = bodyError(Array(deep.utf8)) else {
            Issue.record("not refused")
            return
        }
        #expect(error.reason.contains("deeper"))
        let deepObject = String(repeating: #"{"a":"#, count: 100_000)
        #expect(bodyError(Array(deepObject.utf8)) != nil)
    }

    @Test("a body over the size limit is refused before it is parsed")
    func tooLarge() {
        let limits = WebhookLimits(maxBodyBytes: 100)
        guard case .invalidJSON(let error)? = bodyError(Array(body(text("m1"), text("m2")).utf8), limits: limits) else {
            Issue.record("not refused")
            return
        }
        #expect(error.reason.contains("limit"))
    }

    @Test("an array or object larger than the container limit is refused")
    func hugeContainer() {
        let entries = Array(repeating: "{}", count: 10_001).joined(separator: ",")
        #expect(bodyError(Array(#"{"object":"instagram","entry":[\#(entries)]}"#.utf8)) != nil)
        let members = (0..<20).map { #""k\#($0)":1"# }.joined(separator: ",")
        #expect(bodyError(Array("{\(members)}".utf8), limits: WebhookLimits(maxContainerCount: 10)) != nil)
    }

    @Test("more values than the value limit are refused")
    func tooManyValues() {
        let numbers = Array(repeating: "1", count: 5_000).joined(separator: ",")
        #expect(bodyError(Array("[\(numbers)]".utf8), limits: WebhookLimits(maxValues: 1_000)) != nil)
    }
}

@Suite("Bad items inside a webhook")
struct BadItemTests {
    @Test("one bad item does not lose the good items beside it")
    func badItemBetweenGoodOnes() throws {
        let decoded = try Fixture.decode(json: body(text("m1"), #"{"sender":{"id":"111"},"timestamp":1}"#, "42", text("m2")))
        #expect(decoded.events.map(\.id) == ["m1", "m2"])
        #expect(decoded.errors.map(\.path) == ["entry[0].messaging[1]", "entry[0].messaging[2]"])
        #expect(decoded.errors[0].message.contains("recipient.id"))
    }

    @Test("a bad entry does not lose the entries beside it")
    func badEntry() throws {
        let good = #"{"id":"178","time":1767225600456,"messaging":[\#(text("m1"))]}"#
        let decoded = try Fixture.decode(json: #"{"object":"instagram","entry":[\#(good),"x",{"id":"178","messaging":{}},\#(good)]}"#)
        #expect(decoded.events.count == 2)
        #expect(decoded.errors.map(\.path) == ["entry[1]", "entry[2].messaging"])
    }

    @Test("items with missing ids are errors naming the missing id", arguments: [
        (#"{"sender":{"id":"1"},"recipient":{"id":"2"},"message":{"text":"no mid"}}"#, "without mid"),
        (#"{"recipient":{"id":"2"},"message":{"mid":"m"}}"#, "sender.id"),
        (#"{"sender":{"id":""},"recipient":{"id":"2"},"message":{"mid":"m"}}"#, "sender.id"),
        (#"{"sender":{"id":"1"},"recipient":{"id":"2"},"message":{"is_deleted":true}}"#, "without mid"),
        (#"{"sender":{"id":"1"},"recipient":{"id":"2"},"reaction":{"action":"react"}}"#, "without mid"),
        (#"{"sender":{"id":"1"},"recipient":{"id":"2"},"read":{}}"#, "without mid or watermark"),
        (#"{"sender":{"id":"1"},"recipient":{"id":"2"},"message_edit":{"text":"x"}}"#, "without mid"),
        (#"{"sender":{"id":"1"},"recipient":{"id":"2"},"message":"text"}"#, "not an object"),
    ])
    func missingIDs(item: String, message: String) throws {
        let decoded = try Fixture.decode(json: body(item))
        #expect(decoded.events == [])
        #expect(decoded.errors.count == 1)
        #expect(decoded.errors.first?.message.contains(message) == true, "\(decoded.errors)")
    }

    @Test("comments without an id, an author, or an entry id are errors")
    func badComments() throws {
        func decode(_ entryID: String, _ value: String) throws -> DecodedWebhook {
            try Fixture.decode(json: #"{"object":"instagram","entry":[{\#(entryID)"time":1,"changes":[{"field":"comments","value":\#(value)}]}]}"#)
        }
        #expect(try decode(#""id":"1","#, #"{"text":"x","from":{"id":"2"}}"#).errors.first?.message == "comment without id")
        #expect(try decode(#""id":"1","#, #"{"id":"c","text":"x"}"#).errors.first?.message == "comment without from.id or from.username")
        #expect(try decode("", #"{"id":"c","from":{"id":"2"}}"#).errors.first?.message.contains("entry without id") == true)
        #expect(try decode(#""id":"1","#, #"[1,2]"#).errors.first?.message.contains("not an object") == true)
        #expect(try decode(#""id":"1","#, "null").errors.first?.message.contains("not an object") == true)
    }

    @Test("a field of the wrong type is reported and dropped, and the event still decodes")
    func wrongFieldType() throws {
        let item = #"{"sender":{"id":"1"},"recipient":{"id":"17841400000000001"},"timestamp":"soon","message":{"mid":"m","text":7,"attachments":[{"type":"image","payload":{"url":"u"}},"x",{"payload":{}}],"reply_to":5,"quick_reply":{}}}"#
        let decoded = try Fixture.decode(json: body(item))
        let event = try #require(decoded.events.first)
        #expect(event.kind == .message)
        #expect(event.text == nil)
        #expect(event.attachments == [["type": "image", "url": "u", "payload": ["url": "u"]]])
        #expect(event.time == epochMilliseconds(1_767_225_600_456))  // the entry's time
        #expect(
            decoded.errors.map(\.path) == [
                "entry[0].messaging[0].timestamp", "entry[0].messaging[0].message.text",
                "entry[0].messaging[0].message.attachments[1]", "entry[0].messaging[0].message.attachments[2]",
                "entry[0].messaging[0].message.reply_to", "entry[0].messaging[0].message.quick_reply",
            ])
    }

    @Test("items beyond the item limit are skipped with one error saying how many")
    func itemLimit() throws {
        let items = (0..<30).map { text("m\($0)") }
        let json = #"{"object":"instagram","entry":[{"id":"178","messaging":[\#(items.joined(separator: ","))]}]}"#
        let decoded = try WebhookDecoder(limits: WebhookLimits(maxItems: 25)).decode(Array(json.utf8), receivedAt: Fixture.receivedAt)
        #expect(decoded.events.count == 25)
        #expect(decoded.errors == [WebhookItemError(path: "entry[0].messaging[25]", message: "5 more items not decoded: the limit is 25 items per body")])
    }

    @Test("attachments beyond the attachment limit are dropped with an error")
    func attachmentLimit() throws {
        let attachments = Array(repeating: #"{"type":"image","payload":{"url":"u"}}"#, count: 150).joined(separator: ",")
        let item = #"{"sender":{"id":"1"},"recipient":{"id":"2"},"message":{"mid":"m","attachments":[\#(attachments)]}}"#
        let decoded = try Fixture.decode(json: body(item))
        #expect(decoded.events.first?.attachments.count == 100)
        #expect(decoded.errors.count == 1)
    }

    @Test("the standard limits take a full batch of 1000 updates, as Meta may send")
    func fullBatch() throws {
        let items = (0..<1000).map { text("m\($0)", sender: "\(1000 + $0)") }
        let decoded = try Fixture.decode(json: body(items.joined(separator: ",")))
        #expect(decoded.events.count == 1000)
        #expect(decoded.errors == [])
    }
}

@Suite("Shapes that are not errors")
struct LenientShapeTests {
    @Test("an entry with nothing Luagram knows becomes an unknown event with the raw entry")
    func unknownEntry() throws {
        let decoded = try Fixture.decode(json: #"{"object":"instagram","entry":[{"id":"178","time":1767225600,"hologram":[1]}]}"#)
        let event = try #require(decoded.events.first)
        #expect(event.kind == .unknown)
        #expect(event.account == "178")
        #expect(event.fields[EventField.raw]?["hologram"] == [1])
        #expect(event.fields[EventField.fallbackText] == "Unsupported Message")
    }

    @Test("a messaging item of a kind Luagram does not know becomes an unknown event named after its key")
    func unknownItem() throws {
        let item = #"{"sender":{"id":"1"},"recipient":{"id":"17841400000000001"},"timestamp":1767225600123,"optin":{"type":"notification_messages","payload":"p"}}"#
        let event = try #require(try Fixture.decode(json: body(item)).events.first)
        #expect(event.kind == .unknown)
        #expect(event.fields[EventField.type] == "optin")
        #expect(event.contact.id == "1")
        #expect(event.fields[EventField.raw]?["optin"]?["payload"] == "p")
    }

    @Test("a message with nothing Luagram can show is unsupported, typed by its unknown key")
    func sharedProfile() throws {
        let item = #"{"sender":{"id":"1"},"recipient":{"id":"17841400000000001"},"timestamp":1767225600123,"message":{"mid":"m","shared_profile":{"username":"x"}}}"#
        let event = try #require(try Fixture.decode(json: body(item)).events.first)
        #expect(event.kind == .unsupported)
        #expect(event.id == "m")
        #expect(event.fields[EventField.type] == "shared_profile")
        #expect(event.fields[EventField.fallbackText] == "Unsupported Message")
        #expect(event.fields[EventField.raw]?["message"]?["shared_profile"]?["username"] == "x")
    }

    @Test("an echo of something Luagram cannot show stays an echo, with the fallback text")
    func unsupportedEcho() throws {
        let item = #"{"sender":{"id":"17841400000000001"},"recipient":{"id":"1"},"timestamp":1767225600123,"message":{"mid":"m","is_echo":true,"is_unsupported":true}}"#
        let event = try #require(try Fixture.decode(json: body(item)).events.first)
        #expect(event.kind == .echo)
        #expect(event.contact.id == "1")
        #expect(event.fields[EventField.fallbackText] == "Unsupported Message")
    }

    @Test("the business unsending its own message is a deleted event from_self, with the customer as contact")
    func businessUnsend() throws {
        let item = #"{"sender":{"id":"17841400000000001"},"recipient":{"id":"1"},"timestamp":1767225600123,"message":{"mid":"m","is_deleted":true,"is_echo":true}}"#
        let event = try #require(try Fixture.decode(json: body(item)).events.first)
        #expect(event.kind == .deleted)
        #expect(event.contact.id == "1")
        #expect(event.fields[EventField.fromSelf] == true)
    }

    @Test("a message sent by the account without is_echo is still an echo, and self-messaging stays a message")
    func unflaggedEcho() throws {
        let fromAccount = #"{"sender":{"id":"17841400000000001"},"recipient":{"id":"1"},"timestamp":1767225600123,"message":{"mid":"m1","text":"x"}}"#
        let toItself = #"{"sender":{"id":"17841400000000001"},"recipient":{"id":"17841400000000001"},"timestamp":1767225600123,"is_self":true,"message":{"mid":"m2","text":"x"}}"#
        let events = try Fixture.decode(json: body(fromAccount, toItself)).events
        #expect(events.map(\.kind) == [.echo, .message])
        #expect(events.map(\.contact.id) == ["1", "17841400000000001"])
        #expect(events[1].fields[EventField.isSelf] == true)
        #expect(events[1].fields[EventField.fromSelf] == true)
    }

    @Test("ids sent as numbers keep every digit, also beyond 2^53")
    func numericIDs() throws {
        let item = #"{"sender":{"id":1234567890123456789},"recipient":{"id":17841400000000001},"timestamp":1767225600123,"message":{"mid":"m","text":"x"}}"#
        let event = try #require(try Fixture.decode(json: body(item, entry: #""id":17841400000000001"#)).events.first)
        #expect(event.contact.id == "1234567890123456789")
        #expect(event.account == "17841400000000001")
    }

    @Test(
        "timestamps in seconds, milliseconds, microseconds, quoted or ISO-8601 all give the same time",
        arguments: [
            "1767225600", "1767225600000", "1767225600000000", #""1767225600""#, #""1767225600000""#, "1767225600.0",
            #""2026-01-01T00:00:00Z""#, #""2026-01-01T00:00:00+0000""#, #""2026-01-01T01:00:00+01:00""#,
        ])
    func timestamps(_ timestamp: String) throws {
        let item = #"{"sender":{"id":"1"},"recipient":{"id":"17841400000000001"},"timestamp":\#(timestamp),"message":{"mid":"m","text":"x"}}"#
        let decoded = try Fixture.decode(json: body(item))
        #expect(decoded.errors == [])
        #expect(decoded.events.first?.time == Date(timeIntervalSince1970: 1_767_225_600))
    }

    @Test("an item without any time takes the entry's time, then the time the body was received")
    func missingTimes() throws {
        let item = #"{"sender":{"id":"1"},"recipient":{"id":"17841400000000001"},"message":{"mid":"m","text":"x"}}"#
        #expect(try Fixture.decode(json: body(item)).events.first?.time == epochMilliseconds(1_767_225_600_456))
        let noEntryTime = try Fixture.decode(json: body(item, entry: #""id":"17841400000000001""#))
        #expect(noEntryTime.events.first?.time == Fixture.receivedAt)
    }

    @Test("escaped emoji (surrogate pairs, as Meta escapes them) decode, and a lone surrogate becomes U+FFFD")
    func surrogates() throws {
        let decoded = try Fixture.decode(json: body(text("m1", #"\ud83d\ude00 \u00e4\u00f6\u00e5"#), text("m2", #"a\ud800b\udc00"#)))
        #expect(decoded.events.map(\.text) == ["😀 äöå", "a\u{FFFD}b\u{FFFD}"])
    }

    @Test("without entry.id the business is the recipient of a message and the sender of an echo")
    func noEntryID() throws {
        let echo = #"{"sender":{"id":"B"},"recipient":{"id":"C"},"timestamp":1767225600123,"message":{"mid":"m","text":"x","is_echo":true}}"#
        let decoded = try Fixture.decode(json: body(text("m0", sender: "C"), echo, entry: #""time":1"#))
        #expect(decoded.events.map(\.account) == ["17841400000000001", "B"])
        #expect(decoded.events.map(\.contact.id) == ["C", "C"])
    }

    @Test("a message that is a quick reply or a referral without text is still a message")
    func contentWithoutText() throws {
        let item = #"{"sender":{"id":"1"},"recipient":{"id":"2"},"message":{"mid":"m","quick_reply":{"payload":"P"}}}"#
        #expect(try Fixture.decode(json: body(item)).events.first?.kind == .message)
    }
}
