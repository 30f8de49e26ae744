import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import Testing

/// Every kind of Send API call, as the bytes the fake server received: the client adds
/// nothing to the body, and the builder's sorted keys make the JSON exact.
@Suite("Send API request bodies")
struct RequestBodyTests {
    /// Sends one request and returns what the server received.
    private func received(_ request: GraphRequest) async throws -> FakeGraphServer.RecordedRequest {
        try await withFakeGraph { server, client in
            _ = try await client.send(request, token: token)
            return try #require(server.requests.only)
        }
    }

    @Test("a text reply goes to the contact's IGSID as RESPONSE")
    func textReply() async throws {
        let sent = try await received(LuagramGraphTests.textReply("Thanks for writing! We ship to Lisbon in 2-3 days."))
        #expect(
            sent.bodyText
                == #"{"message":{"text":"Thanks for writing! We ship to Lisbon in 2-3 days."},"messaging_type":"RESPONSE","recipient":{"id":"1234567890123456"}}"#
        )
    }

    @Test("a human agent's message carries MESSAGE_TAG and the HUMAN_AGENT tag")
    func humanAgent() async throws {
        let request = try GraphRequest.message(
            OutgoingMessage(text: "Hi, this is Marta from support — your refund was approved today."), to: .user(IDs.contact),
            messagingType: .humanAgent, from: IDs.account)
        let sent = try await received(request)
        #expect(
            sent.bodyText
                == #"{"message":{"text":"Hi, this is Marta from support — your refund was approved today."},"messaging_type":"MESSAGE_TAG","recipient":{"id":"1234567890123456"},"tag":"HUMAN_AGENT"}"#
        )
    }

    @Test("a private reply names the comment, not the contact, and has no messaging type")
    func privateReply() async throws {
        let request = try GraphRequest.message(
            OutgoingMessage(text: "Hi Jane! Here's the link you asked for: https://shop.example.com/runner-x"), to: .comment(IDs.comment),
            messagingType: .response, from: IDs.account)
        let sent = try await received(request)
        #expect(
            sent.bodyText
                == #"{"message":{"text":"Hi Jane! Here's the link you asked for: https://shop.example.com/runner-x"},"recipient":{"comment_id":"17867301270000000"}}"#
        )
    }

    @Test("an image is attached by URL, with its slashes unescaped")
    func image() async throws {
        let request = try GraphRequest.message(
            OutgoingMessage(image: "https://cdn.example.com/p/size-chart.png"), to: .user(IDs.contact), messagingType: .response,
            from: IDs.account)
        let sent = try await received(request)
        #expect(
            sent.bodyText
                == #"{"message":{"attachment":{"payload":{"url":"https://cdn.example.com/p/size-chart.png"},"type":"image"}},"messaging_type":"RESPONSE","recipient":{"id":"1234567890123456"}}"#
        )
    }

    @Test("a file is attached by URL as a file attachment")
    func file() async throws {
        let request = try GraphRequest.message(
            OutgoingMessage(file: "https://cdn.example.com/invoice-1043.pdf"), to: .user(IDs.contact), messagingType: .response,
            from: IDs.account)
        let sent = try await received(request)
        #expect(
            sent.bodyText
                == #"{"message":{"attachment":{"payload":{"url":"https://cdn.example.com/invoice-1043.pdf"},"type":"file"}},"messaging_type":"RESPONSE","recipient":{"id":"1234567890123456"}}"#
        )
    }

    @Test("quick replies are text buttons with a title and a payload, in the rule's order")
    func quickReplies() async throws {
        let message = OutgoingMessage(
            text: "What can I help you with?",
            quickReplies: [QuickReply(title: "Track order", payload: "QR_TRACK"), QuickReply(title: "Talk to a human", payload: "QR_HUMAN")])
        let request = try GraphRequest.message(message, to: .user(IDs.contact), messagingType: .response, from: IDs.account)
        let sent = try await received(request)
        #expect(
            sent.bodyText
                == #"{"message":{"quick_replies":[{"content_type":"text","payload":"QR_TRACK","title":"Track order"},{"content_type":"text","payload":"QR_HUMAN","title":"Talk to a human"}],"text":"What can I help you with?"},"messaging_type":"RESPONSE","recipient":{"id":"1234567890123456"}}"#
        )
    }

    @Test("text that is not ASCII is sent as UTF-8, not as escapes")
    func unicode() async throws {
        let sent = try await received(LuagramGraphTests.textReply("Obrigada, Conceição! 😍 \"aspas\""))
        #expect(sent.bodyText.contains(#""text":"Obrigada, Conceição! 😍 \"aspas\"""#))
    }

    @Test("a sender action holds only the recipient and the action", arguments: GraphSenderAction.allCases)
    func senderAction(_ action: GraphSenderAction) async throws {
        let sent = try await received(GraphRequest.senderAction(action, to: IDs.contact, from: IDs.account))
        #expect(sent.bodyText == #"{"recipient":{"id":"1234567890123456"},"sender_action":"\#(action.rawValue)"}"#)
    }

    @Test("a reaction names the message and the emoji")
    func react() async throws {
        let sent = try await received(GraphRequest.react("love", toMessage: IDs.message, of: IDs.contact, from: IDs.account))
        #expect(
            sent.bodyText
                == #"{"payload":{"message_id":"aWdfZAG1faXRlbToxOklHTWVzc2FnZA","reaction":"love"},"recipient":{"id":"1234567890123456"},"sender_action":"react"}"#
        )
    }

    @Test("removing a reaction names only the message")
    func unreact() async throws {
        let sent = try await received(GraphRequest.unreact(message: IDs.message, of: IDs.contact, from: IDs.account))
        #expect(
            sent.bodyText
                == #"{"payload":{"message_id":"aWdfZAG1faXRlbToxOklHTWVzc2FnZA"},"recipient":{"id":"1234567890123456"},"sender_action":"unreact"}"#
        )
    }

    @Test("a message with an image and text becomes two calls, the quick replies on the last")
    func split() async throws {
        let message = OutgoingMessage(
            text: "Here is our size chart.", image: "https://cdn.example.com/p/size-chart.png",
            quickReplies: [QuickReply(title: "Buy", payload: "BUY")])
        let requests = try GraphRequest.messages(message, to: .user(IDs.contact), messagingType: .response, from: IDs.account)
        let bodies = try await withFakeGraph { server, client in
            for request in requests { _ = try await client.send(request, token: token) }
            return server.requests.map(\.bodyText)
        }
        #expect(
            bodies == [
                #"{"message":{"attachment":{"payload":{"url":"https://cdn.example.com/p/size-chart.png"},"type":"image"}},"messaging_type":"RESPONSE","recipient":{"id":"1234567890123456"}}"#,
                #"{"message":{"quick_replies":[{"content_type":"text","payload":"BUY","title":"Buy"}],"text":"Here is our size chart."},"messaging_type":"RESPONSE","recipient":{"id":"1234567890123456"}}"#,
            ])
    }

    @Test("the path names the account, or me, under the configured version")
    func paths() async throws {
        let paths = try await withFakeGraph { server, client in
            _ = try await client.send(try LuagramGraphTests.textReply(), token: token)
            var viaMe = try LuagramGraphTests.textReply()
            viaMe.node = .me
            _ = try await client.send(viaMe, token: token)
            return server.requests.map(\.path)
        }
        #expect(paths == ["/v25.0/17841400000000001/messages", "/v25.0/me/messages"])
    }
}

@Suite("Messages the builder refuses")
struct RequestBuilderErrorTests {
    @Test("an empty message is refused")
    func empty() {
        #expect(throws: GraphRequestError.emptyMessage) {
            try GraphRequest.messages(OutgoingMessage(text: ""), to: .user(IDs.contact), messagingType: .response, from: IDs.account)
        }
    }

    @Test("a single call cannot carry both text and an image")
    func twoParts() {
        #expect(throws: GraphRequestError.moreThanOnePart(2)) {
            try GraphRequest.message(
                OutgoingMessage(text: "Look", image: "https://cdn.example.com/a.png"), to: .user(IDs.contact), messagingType: .response,
                from: IDs.account)
        }
    }

    @Test("a private reply carries text only: quick replies are left off the wire")
    func privateReplyWithoutQuickReplies() throws {
        let request = try GraphRequest.message(
            OutgoingMessage(text: "Here is the link", quickReplies: [QuickReply(title: "Sizes", payload: "SIZES")]),
            to: .comment(IDs.comment), messagingType: .response, from: IDs.account)
        #expect(request.bodyText == #"{"message":{"text":"Here is the link"},"recipient":{"comment_id":"\#(IDs.comment)"}}"#)
    }

    @Test("a private reply is never split, as a comment takes one message only")
    func privateReplySplit() {
        #expect(throws: GraphRequestError.privateReplyNeedsOneCall(2)) {
            try GraphRequest.messages(
                OutgoingMessage(text: "Look", image: "https://cdn.example.com/a.png"), to: .comment(IDs.comment), messagingType: .response,
                from: IDs.account)
        }
    }
}

extension Array {
    /// The single element, or nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
