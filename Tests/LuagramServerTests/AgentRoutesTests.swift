import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuagramDomain
import LuagramEngine
import LuagramServer
import LuagramStore
import LuagramTestSupport
import Logging
import Testing

@Suite("Agent API")
struct AgentRoutesTests {
    static let token = "agent-token-0123456789"

    func makeApplication(store: SQLiteStore, clock: ManualClock) -> some ApplicationProtocol {
        let router = Router()
        AgentRoutes(
            desk: AgentDesk(events: store, conversations: store), token: Self.token, clock: clock, logger: Logger(label: "test")
        ).add(to: router)
        return Application(router: router)
    }

    static let authorized: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]

    @Test("calls without the right bearer token get 401", arguments: [nil, "Bearer wrong", "Bearer ", "agent-token-0123456789"])
    func unauthorized(header: String?) async throws {
        let app = makeApplication(store: try SQLiteStore.inMemory(), clock: ManualClock())
        try await app.test(.router) { client in
            var headers: HTTPFields = [:]
            if let header { headers[.authorization] = header }
            try await client.execute(uri: "/agent/conversation?account=a&contact=c", method: .get, headers: headers) {
                #expect($0.status == .unauthorized)
            }
        }
    }

    @Test("an agent message is decided by the policy, and the conversation lists it")
    func sendAndRead() async throws {
        let store = try SQLiteStore.inMemory()
        let clock = ManualClock()
        let app = makeApplication(store: store, clock: clock)
        let body = #"{"account":"17841400000000001","contact":"42","text":"Hello from Marta","agent":"marta"}"#
        try await app.test(.router) { client in
            // the contact never wrote: nobody may message them
            try await client.execute(
                uri: "/agent/messages", method: .post, headers: Self.authorized, body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                #expect(
                    String(buffer: response.body)
                        == #"{"message":"\#(ReasonCode.outsideWindow.explanation)","reason":"outside_window","verdict":"refuse"}"#)
            }
            try await client.execute(
                uri: "/agent/messages", method: .post, headers: Self.authorized, body: ByteBuffer(string: #"{"text":1}"#)
            ) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/agent/handoff", method: .post, headers: Self.authorized,
                body: ByteBuffer(string: #"{"account":"17841400000000001","contact":"42","reason":"VIP"}"#)) {
                #expect($0.status == .noContent)
            }
            try await client.execute(
                uri: "/agent/conversation?account=17841400000000001&contact=42", method: .get, headers: Self.authorized
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""reason":"outside_window""#))
                #expect(String(buffer: response.body).contains(#""status":"refused""#))
            }
        }
        let state = try await store.contactState(account: "17841400000000001", contact: "42")
        #expect(state.conversation.handoff?.reason == "VIP")
    }

    @Test func theConversationMarksAnUnsentMessageAndShowsNoneOfItsText() async throws {
        let store = try SQLiteStore.inMemory()
        let account = "17841400000000001"
        let message = Event(
            kind: .message, id: "mid.u", time: Date(timeIntervalSince1970: 1_795_000_000), account: account,
            contact: Contact(id: "42"), text: "please forget this")
        var unsend = Event(kind: .deleted, id: "mid.u", time: message.time.addingTimeInterval(30), account: account, contact: Contact(id: "42"))
        unsend.fields["mid"] = "mid.u"
        for (event, version) in [(message, Int64(0)), (unsend, 1)] {
            _ = try await store.commit(
                EventOutcome(
                    key: EventKey(event), contact: ContactState(account: account, contact: event.contact), basedOn: version,
                    inbound: InboundRecord(event), processedAt: event.time))
        }
        let app = makeApplication(store: store, clock: ManualClock())
        try await app.test(.router) { client in
            try await client.execute(uri: "/agent/conversation?account=\(account)&contact=42", method: .get, headers: Self.authorized) {
                response in
                let body = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(body.contains(#""unsent":true"#), "\(body)")
                #expect(body.contains(#""unsent_at":1795000030"#), "\(body)")
                #expect(!body.contains("forget"))
            }
        }
    }
}
