import Testing

@testable import LuagramInstagram

@Suite("The verification handshake")
struct HandshakeTests {
    static let handshake = WebhookHandshake(verifyToken: "s3cret-token")

    @Test("subscribe with the right token answers the challenge as plain text")
    func rightToken() {
        let response = Self.handshake.respond(to: [
            "hub.mode": "subscribe", "hub.challenge": "1158201444", "hub.verify_token": "s3cret-token",
        ])
        #expect(response == .challenge("1158201444"))
        #expect(response.status == 200)
        #expect(response.body == "1158201444")
    }

    @Test("the query string Meta sends is read, percent-encoding included")
    func queryString() {
        let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=s3cret%2Dtoken"
        #expect(Self.handshake.respond(toQueryString: query) == .challenge("1158201444"))
        #expect(Self.handshake.respond(toQueryString: "hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope") == .forbidden)
        #expect(Self.handshake.respond(toQueryString: "") == .forbidden)
    }

    @Test("PHP-style parameter names are accepted")
    func underscores() {
        let response = Self.handshake.respond(to: ["hub_mode": "subscribe", "hub_challenge": "42", "hub_verify_token": "s3cret-token"])
        #expect(response == .challenge("42"))
    }

    @Test(
        "anything else is 403",
        arguments: [
            [:],
            ["hub.mode": "subscribe", "hub.challenge": "1"],
            ["hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": "wrong"],
            ["hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": "s3cret-toke"],
            ["hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": "s3cret-tokenX"],
            ["hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": ""],
            ["hub.mode": "unsubscribe", "hub.challenge": "1", "hub.verify_token": "s3cret-token"],
            ["hub.challenge": "1", "hub.verify_token": "s3cret-token"],
            ["hub.mode": "subscribe", "hub.verify_token": "s3cret-token"],
            ["hub.mode": "subscribe", "hub.challenge": "", "hub.verify_token": "s3cret-token"],
            ["hub.mode": "subscribe", "hub.challenge": "<script>alert(1)</script> x", "hub.verify_token": "s3cret-token"],
            ["hub.mode": "subscribe", "hub.challenge": String(repeating: "1", count: 257), "hub.verify_token": "s3cret-token"],
        ] as [[String: String]])
    func forbidden(_ query: [String: String]) {
        let response = Self.handshake.respond(to: query)
        #expect(response == .forbidden)
        #expect(response.status == 403)
        #expect(response.body == "")
    }

    @Test("an empty configured token never verifies")
    func emptyToken() {
        let handshake = WebhookHandshake(verifyToken: "")
        #expect(handshake.respond(to: ["hub.mode": "subscribe", "hub.challenge": "1", "hub.verify_token": ""]) == .forbidden)
    }

    @Test("the handshake's description never shows the token")
    func description() {
        #expect(!"\(Self.handshake)".contains("s3cret"))
    }
}
