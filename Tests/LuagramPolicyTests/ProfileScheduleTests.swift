import Foundation
import LuagramDomain
import LuagramPolicy
import Testing

@Suite("Profile schedule")
struct ProfileScheduleTests {
    let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("lookups are spaced half a second apart per account, and none is queued more than 10 s ahead")
    func pacing() {
        let schedule = ProfileSchedule()
        var pacing = ProfilePacing()
        let slots = (0..<21).map { _ in pacing.slot(account: "a", at: t0, schedule: schedule) }
        #expect(slots[0] == t0)
        #expect(slots[1] == t0.addingTimeInterval(0.5))
        #expect(slots[20] == t0.addingTimeInterval(10))
        #expect(pacing.slot(account: "a", at: t0, schedule: schedule) == nil)
        // another account has its own pace
        #expect(pacing.slot(account: "b", at: t0, schedule: schedule) == t0)
        // time passing frees the queue
        #expect(pacing.slot(account: "a", at: t0.addingTimeInterval(60), schedule: schedule) == t0.addingTimeInterval(60))
    }

    @Test("no consent waits an hour; other failures back off from a minute, doubling, to an hour")
    func retries() {
        let schedule = ProfileSchedule()
        #expect(schedule.retry(after: .noConsent, failures: 3, at: t0) == t0.addingTimeInterval(3600))
        let failure = ProfileLookupError.failed("500")
        #expect(schedule.retry(after: failure, failures: 1, at: t0) == t0.addingTimeInterval(60))
        #expect(schedule.retry(after: failure, failures: 3, at: t0) == t0.addingTimeInterval(240))
        #expect(schedule.retry(after: failure, failures: 30, at: t0) == t0.addingTimeInterval(3600))
    }

    @Test("a throttle pauses the account for Meta's Retry-After or 5 minutes; a refused token for 15; a contact's failure not at all")
    func accountPauses() {
        let schedule = ProfileSchedule()
        #expect(schedule.accountPause(after: .throttled(retryAfter: 120), at: t0) == t0.addingTimeInterval(120))
        #expect(schedule.accountPause(after: .throttled(retryAfter: nil), at: t0) == t0.addingTimeInterval(300))
        #expect(schedule.accountPause(after: .tokenRefused, at: t0) == t0.addingTimeInterval(900))
        #expect(schedule.accountPause(after: .noConsent, at: t0) == nil)
        #expect(schedule.accountPause(after: .failed("x"), at: t0) == nil)
    }
}
