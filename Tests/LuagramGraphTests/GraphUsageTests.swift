import Foundation
import LuagramDomain
import LuagramGraph
import Testing

@Suite("Meta's usage headers")
struct GraphUsageTests {
    @Test("the app usage header gives the three percentages")
    func appUsage() {
        let usage = GraphUsage(appUsage: #"{"call_count":28,"total_time":25,"total_cputime":25}"#, businessUseCaseUsage: nil)
        #expect(usage?.app == GraphUsage.AppUsage(callCount: 28, totalTime: 25, totalCPUTime: 25))
        #expect(usage?.retryAfter == nil)
    }

    @Test("the longest estimate of any business use case decides the wait")
    func longestEstimate() {
        let header = #"""
            {"17841400000000001":[{"type":"instagram","call_count":100,"total_cputime":25,"total_time":25,"estimated_time_to_regain_access":3},
            {"type":"messenger","call_count":40,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":0}],
            "104000000000001":[{"type":"pages","call_count":100,"estimated_time_to_regain_access":7}]}
            """#
        let usage = GraphUsage(appUsage: nil, businessUseCaseUsage: header)
        #expect(usage?.businessUseCases.map(\.businessID) == ["104000000000001", "17841400000000001", "17841400000000001"])
        #expect(usage?.retryAfter == TimeInterval(7 * 60))
    }

    @Test("what the sender slows down by: the highest counter of the app and of messaging's use cases, not of ads")
    func metaUsage() {
        let header = #"""
            {"17841400000000001":[{"type":"instagram","call_count":61,"total_cputime":88,"total_time":20,"estimated_time_to_regain_access":2}],
            "act_1":[{"type":"ads_management","call_count":99,"estimated_time_to_regain_access":30}]}
            """#
        let usage = GraphUsage(appUsage: #"{"call_count":40,"total_time":10,"total_cputime":10}"#, businessUseCaseUsage: header)
        #expect(usage?.metaUsage == MetaUsage(percent: 88, regainAccessIn: 120))
    }

    @Test("numbers in strings or with a fraction are read (a fraction rounds up); entries that are no objects are skipped")
    func lenientNumbers() {
        let header = #"{"17841400000000001":[{"type":"instagram","call_count":"61","total_time":12.5,"total_cputime":3.0},"junk",7]}"#
        let usage = GraphUsage(appUsage: #"{"call_count":"28","total_time":24.2,"total_cputime":true}"#, businessUseCaseUsage: header)
        #expect(usage?.app == GraphUsage.AppUsage(callCount: 28, totalTime: 25, totalCPUTime: nil))
        #expect(
            usage?.businessUseCases == [
                GraphUsage.BusinessUseCaseUsage(businessID: "17841400000000001", type: "instagram", callCount: 61, totalTime: 13, totalCPUTime: 3)
            ])
        #expect(GraphUsage(appUsage: "[1,2]", businessUseCaseUsage: #"{"17841400000000001":"busy"}"#) == nil)
    }

    @Test("headers that do not parse are ignored rather than failing the call")
    func unreadable() {
        #expect(GraphUsage(appUsage: "not json", businessUseCaseUsage: "{oops") == nil)
        #expect(GraphUsage(appUsage: nil, businessUseCaseUsage: nil) == nil)
    }
}
