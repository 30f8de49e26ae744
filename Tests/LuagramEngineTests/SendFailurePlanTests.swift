import Foundation
import LuagramDomain
import LuagramEngine
import Testing

/// What a failed send means, as a value: no store, no network, the time and the jitter
/// passed in. One test per kind of failure the sender tells apart.
@Suite("Send failure plan")
struct SendFailurePlanTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    /// 30 s base, doubling, capped at an hour; re-checked every 300 s; 8 attempts.
    static let configuration = SenderConfiguration()

    static func row(attempts: Int = 1, unconfirmedSince: Date? = nil, privateReply: Bool = false) -> OutboxRow {
        let message = OutgoingMessage(text: "hello")
        let event = Event(
            kind: privateReply ? .comment : .message, id: "in-1", time: t0, account: "17841400000000001",
            contact: Contact(id: "1000000000000001"))
        let entry = OutboxEntry(
            id: OutboxID(event: EventKey(event), handler: "main.lua:1", index: 0), account: "17841400000000001",
            recipient: "1000000000000001", intent: privateReply ? .privateReply(message) : .reply(message),
            origin: .rule(file: "main.lua", line: 1, handler: "main.lua:1"),
            plan: SendPlan(messagingType: .response, messages: [message]), event: EventReference(event), decidedAt: t0,
            dueAt: t0)
        return OutboxRow(
            entry: entry, state: .sending, attempts: attempts, nextAttemptAt: t0, partsSent: 0, dryRun: false,
            updatedAt: t0, unconfirmedSince: unconfirmedSince)
    }

    static func decide(
        _ error: MessageSendError, _ row: OutboxRow = row(), random: Double = 0.5, drawn: inout Int
    ) -> SendFailurePlan {
        SendFailurePlan.decide(error: error, row: row, configuration: configuration, now: t0) {
            drawn += 1
            return random
        }
    }

    static func decide(_ error: MessageSendError, _ row: OutboxRow = row(), random: Double = 0.5) -> SendFailurePlan {
        var drawn = 0
        return decide(error, row, random: random, drawn: &drawn)
    }

    @Test("a contact Meta will not message now is given up for good, without drawing a retry time")
    func permanent() {
        let error = MessageSendError(kind: .permanentForContact, code: 10, subcode: 2_534_022, message: "outside the window")
        var drawn = 0
        #expect(Self.decide(error, drawn: &drawn) == .fail(error.failure, because: .refusedByMeta))
        #expect(drawn == 0)
    }

    @Test("a call Meta rejects is given up for good")
    func rejected() {
        let error = MessageSendError(kind: .rejected, code: 100, message: "invalid parameter")
        #expect(Self.decide(error) == .fail(error.failure, because: .refusedByMeta))
    }

    @Test("an app or account not set up to send fails the row for a person to look at, and pauses nothing")
    func configuration() {
        let error = MessageSendError(kind: .configuration, code: 200, message: "permissions")
        #expect(Self.decide(error) == .fail(error.failure, because: .configuration))
    }

    @Test("no answer from Meta under the attempt limit is checked with Meta at the jittered retry time")
    func mayHaveArrivedUnderLimit() {
        let error = MessageSendError(kind: .transient, message: "timed out", mayHaveArrived: true)
        // attempt 3: 30 s doubled twice is 120 s; equal jitter at 0.5 gives 60 + 30
        let plan = Self.decide(error, Self.row(attempts: 3), random: 0.5)
        #expect(plan == .checkLater(at: Self.t0.addingTimeInterval(90), failure: error.failure))
    }

    @Test("no answer from Meta at the attempt limit gives the row up")
    func mayHaveArrivedOverLimit() {
        let error = MessageSendError(kind: .transient, message: "timed out", mayHaveArrived: true)
        var drawn = 0
        let plan = Self.decide(error, Self.row(attempts: 8), drawn: &drawn)
        #expect(plan == .fail(error.failure, because: .retriesExhausted(attempts: 8)))
        #expect(drawn == 0)
    }

    @Test("a transient failure is retried after the exponential delay with equal jitter, capped")
    func transient() {
        let error = MessageSendError(kind: .transient, code: 2, message: "service unavailable")
        #expect(Self.decide(error, Self.row(attempts: 1), random: 0) == .retry(at: Self.t0.addingTimeInterval(15), failure: error.failure))
        #expect(Self.decide(error, Self.row(attempts: 1), random: 1) == .retry(at: Self.t0.addingTimeInterval(30), failure: error.failure))
        #expect(Self.decide(error, Self.row(attempts: 7), random: 1) == .retry(at: Self.t0.addingTimeInterval(1920), failure: error.failure))
        #expect(
            Self.decide(error, Self.row(attempts: 8)) == .fail(error.failure, because: .retriesExhausted(attempts: 8)))
    }

    @Test("a throttle pauses the account for Meta's retry-after when it gave one")
    func throttledWithRetryAfter() {
        let error = MessageSendError(kind: .throttled(retryAfter: 120), code: 4, message: "too many calls")
        #expect(Self.decide(error) == .pauseThrottled(retryAfter: 120, failure: error.failure))
    }

    @Test("a throttle without retry-after leaves the length of the pause to the pacing's backoff")
    func throttledWithoutRetryAfter() {
        let error = MessageSendError(kind: .throttled(retryAfter: nil), code: 613, message: "rate limit")
        var drawn = 0
        #expect(Self.decide(error, drawn: &drawn) == .pauseThrottled(retryAfter: nil, failure: error.failure))
        #expect(drawn == 0)
    }

    @Test("a refused token stops the account and looks at the row again after the re-check interval")
    func reauthenticate() {
        let error = MessageSendError(kind: .reauthenticate, code: 190, message: "token expired")
        #expect(
            Self.decide(error) == .pauseForReauthentication(recheckAt: Self.t0.addingTimeInterval(300), failure: error.failure))
    }

    @Test("not the thread owner puts the thread in standby, whatever kind the adapter gave it")
    func notThreadOwner() {
        let subcode = MessageSendError(kind: .permanentForContact, code: 100, subcode: 2_534_037, message: "not owner")
        let code = MessageSendError(kind: .transient, code: 2_018_300, message: "another app controls this thread")
        #expect(Self.decide(subcode) == .threadInStandby)
        #expect(Self.decide(code) == .threadInStandby)
    }

    @Test("an unconfirmed private reply Meta now refuses is looked for; otherwise it fails as unknown")
    func alreadyRepliedUnconfirmed() {
        let error = MessageSendError(kind: .permanentForContact, code: 100, subcode: 2_534_025, message: "already replied")
        let unconfirmed = Self.row(unconfirmedSince: Self.t0.addingTimeInterval(-60), privateReply: true)
        guard case .lookForUnconfirmedPrivateReply(let unknown) = Self.decide(error, unconfirmed) else {
            Issue.record("not looked for: \(Self.decide(error, unconfirmed))")
            return
        }
        #expect(unknown.code == 100 && unknown.subcode == 2_534_025)
        #expect(unknown.message.hasPrefix("unknown:") && unknown.message.contains("already replied"))
        // a try that was answered: Meta's refusal is final
        #expect(Self.decide(error, Self.row(privateReply: true)) == .fail(error.failure, because: .refusedByMeta))
    }
}
