import Foundation
import LuagramDomain
import NIOCore
import NIOHTTP1
import Testing

@testable import LuagramGraph

@Suite("Meta's answers read as JSON values")
struct GraphAnswerTests {
    static func answer(_ status: Int, _ body: String) -> GraphAnswer {
        GraphAnswer(status: status, headers: HTTPHeaders(), body: ByteBuffer(string: body), token: GraphAccessToken("t0ken"))
    }

    @Test("codes and subcodes are read as numbers, in strings, or whole with a fraction; Meta's fields are kept, the token redacted")
    func errorEnvelope() throws {
        let bodies = [
            #"{"error":{"code":4,"error_subcode":2207051,"type":"OAuthException","fbtrace_id":"Ab1","message":"t0ken busy","is_transient":true}}"#,
            #"{"error":{"code":"4","error_subcode":"2207051","type":"OAuthException","fbtrace_id":"Ab1","message":"t0ken busy","is_transient":true}}"#,
            #"{"error":{"code":4.0,"error_subcode":2207051.0,"type":"OAuthException","fbtrace_id":"Ab1","message":"t0ken busy","is_transient":true}}"#,
        ]
        for body in bodies {
            guard case .failure(let error) = Self.answer(400, body).object() else { Issue.record("an error envelope read as success"); return }
            #expect(error.cause == .meta && error.httpStatus == 400)
            #expect(error.code == 4 && error.subcode == 2_207_051)
            #expect(error.type == "OAuthException" && error.fbtraceID == "Ab1" && error.isTransient == true)
            #expect(!error.message.contains("t0ken"))
        }
    }

    @Test("an envelope's fields of the wrong type read as absent")
    func wrongTypes() throws {
        let body = #"{"error":{"code":4.5,"error_subcode":[1],"type":7,"message":{"text":"x"},"is_transient":1}}"#
        guard case .failure(let error) = Self.answer(400, body).object() else { Issue.record("an error envelope read as success"); return }
        #expect(error.cause == .meta && error.code == nil && error.subcode == nil && error.type == nil && error.isTransient == nil)
        #expect(error.message == "Meta gave no message")
    }

    @Test("an error that is no object, or a failure without JSON, is an HTTP error")
    func noEnvelope() throws {
        for (status, body) in [(200, #"{"error":"nope"}"#), (200, #"{"error":null}"#), (502, "<html>bad gateway</html>"), (400, "[1]")] {
            guard case .failure(let error) = Self.answer(status, body).object() else { Issue.record("\(body) read as success"); return }
            #expect(error.cause == .http && error.httpStatus == status && error.code == nil)
        }
    }

    @Test("a success is the object Meta answered, or an empty object when the answer was none")
    func success() throws {
        #expect(try Self.answer(200, #"{"id":"17","data":[{"id":1}]}"#).object().get() == ["id": "17", "data": [["id": 1]]])
        for body in ["", "not json", "[1,2]", "\"text\"", "{\"a\":"] {
            #expect(try Self.answer(200, body).object().get() == [:])
        }
    }

    @Test("a send's ids: the message id only as a string, the recipient's as a string or a number")
    func sendResult() throws {
        let sent = try Self.answer(200, #"{"message_id":"m_1","recipient_id":1784140000000001}"#).result().get()
        #expect(sent.messageID == "m_1" && sent.recipientID == "1784140000000001")
        let odd = try Self.answer(200, #"{"message_id":12,"recipient_id":"9"}"#).result().get()
        #expect(odd.messageID == nil && odd.recipientID == "9")
        // an unreadable answer is still a success, or the sender would send twice
        #expect(try Self.answer(200, "<html>").result().get() == GraphSendResult())
    }
}
