import Foundation
import LuagramDomain
import LuagramEngine
import Testing

@Suite("Calls in flight and their echoes")
struct InFlightSendsTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    let account = "17841400000000001"

    @Test("an echo that carries a call's text before Meta answered it is the call's, once")
    func echoBeforeTheAnswer() {
        let calls = InFlightSends()
        _ = calls.begin(account: account, contact: "c1", message: OutgoingMessage(text: "Part one "), at: t0)
        #expect(calls.claimEcho(account: account, contact: "c1", mid: "m1", text: "Part one", attachmentTypes: []))
        // the same words again are not this call's: a person typed them
        #expect(!calls.claimEcho(account: account, contact: "c1", mid: "m2", text: "Part one", attachmentTypes: []))
    }

    @Test("an echo is matched to its own contact and its own content only")
    func otherContactOrContent() {
        let calls = InFlightSends()
        _ = calls.begin(account: account, contact: "c1", message: OutgoingMessage(text: "Hello"), at: t0)
        _ = calls.begin(account: account, contact: "c2", message: OutgoingMessage(image: "https://cdn.example/a.png"), at: t0)
        #expect(!calls.claimEcho(account: account, contact: "c2", mid: "m1", text: "Hello", attachmentTypes: []))
        #expect(!calls.claimEcho(account: account, contact: "c1", mid: "m2", text: "Hello there", attachmentTypes: []))
        #expect(calls.claimEcho(account: account, contact: "c2", mid: "m3", text: nil, attachmentTypes: ["image"]))
    }

    @Test("an answered call is known by its message id until its results are written, then the store knows it")
    func answeredThenWritten() {
        let calls = InFlightSends()
        let ticket = calls.begin(account: account, contact: "c1", message: OutgoingMessage(text: "Hi"), at: t0)
        calls.answered(ticket, messageID: "mid-1")
        // once answered, its echo comes with its id, not just its words
        #expect(!calls.claimEcho(account: account, contact: "c1", mid: "other", text: "Hi", attachmentTypes: []))
        #expect(calls.claimEcho(account: account, contact: "c1", mid: "mid-1", text: "Hi", attachmentTypes: []))
        #expect(calls.resultsWritten(at: t0) == ["mid-1"])
        #expect(calls.count == 0)
    }

    @Test("a call Meta refused has no echo; one whose answer was lost may have, for a while")
    func failedCalls() {
        let calls = InFlightSends(retention: 600)
        let refused = calls.begin(account: account, contact: "c1", message: OutgoingMessage(text: "A"), at: t0)
        calls.failed(refused, mayHaveArrived: false)
        #expect(!calls.claimEcho(account: account, contact: "c1", mid: "m1", text: "A", attachmentTypes: []))
        let lost = calls.begin(account: account, contact: "c1", message: OutgoingMessage(text: "B"), at: t0)
        calls.failed(lost, mayHaveArrived: true)
        #expect(calls.resultsWritten(at: t0.addingTimeInterval(60)).isEmpty)
        #expect(calls.claimEcho(account: account, contact: "c1", mid: "m2", text: "B", attachmentTypes: []))
        _ = calls.resultsWritten(at: t0.addingTimeInterval(601))
        #expect(calls.count == 0)
    }
}
