import Foundation
import LuagramDomain

/// Meta's usage headers: how close the app and the account are to being throttled, and how
/// long a throttle lasts (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
/// Percentages; throttling starts at 100.
public struct GraphUsage: Sendable, Hashable {
    /// `X-App-Usage`: the app's platform-wide usage.
    public var app: AppUsage?
    /// `X-Business-Use-Case-Usage`: one entry per business object and use case.
    public var businessUseCases: [BusinessUseCaseUsage]

    public init(app: AppUsage? = nil, businessUseCases: [BusinessUseCaseUsage] = []) {
        self.app = app
        self.businessUseCases = businessUseCases
    }

    /// The `X-App-Usage` header's numbers.
    public struct AppUsage: Sendable, Hashable {
        public var callCount: Int?
        public var totalTime: Int?
        public var totalCPUTime: Int?

        public init(callCount: Int? = nil, totalTime: Int? = nil, totalCPUTime: Int? = nil) {
            self.callCount = callCount
            self.totalTime = totalTime
            self.totalCPUTime = totalCPUTime
        }
    }

    /// One entry of the `X-Business-Use-Case-Usage` header.
    public struct BusinessUseCaseUsage: Sendable, Hashable {
        /// The business object (account, Page, …) the entry is about.
        public var businessID: String
        /// `instagram`, `messenger`, `pages`, …
        public var type: String?
        public var callCount: Int?
        public var totalTime: Int?
        public var totalCPUTime: Int?
        /// Minutes until calls are accepted again (Meta gives minutes, not seconds).
        public var estimatedTimeToRegainAccess: Int?

        public init(
            businessID: String, type: String? = nil, callCount: Int? = nil, totalTime: Int? = nil, totalCPUTime: Int? = nil,
            estimatedTimeToRegainAccess: Int? = nil
        ) {
            self.businessID = businessID
            self.type = type
            self.callCount = callCount
            self.totalTime = totalTime
            self.totalCPUTime = totalCPUTime
            self.estimatedTimeToRegainAccess = estimatedTimeToRegainAccess
        }
    }

    /// The headers' values parsed, or nil when neither header is there or readable. A header
    /// that does not parse is ignored: usage is a hint, never a reason to fail a call.
    public init?(appUsage: String?, businessUseCaseUsage: String?) {
        let app = appUsage.flatMap(Self.object).map {
            AppUsage(callCount: Self.int($0["call_count"]), totalTime: Self.int($0["total_time"]), totalCPUTime: Self.int($0["total_cputime"]))
        }
        var cases: [BusinessUseCaseUsage] = []
        if let header = businessUseCaseUsage, let object = Self.object(header)?.objectValue {
            for businessID in object.keys.sorted() {
                for entry in object[businessID]?.arrayValue ?? [] where entry.objectValue != nil {
                    cases.append(
                        BusinessUseCaseUsage(
                            businessID: businessID, type: entry["type"]?.stringValue, callCount: Self.int(entry["call_count"]),
                            totalTime: Self.int(entry["total_time"]), totalCPUTime: Self.int(entry["total_cputime"]),
                            estimatedTimeToRegainAccess: Self.int(entry["estimated_time_to_regain_access"])))
                }
            }
        }
        guard app != nil || !cases.isEmpty else { return nil }
        self.init(app: app, businessUseCases: cases)
    }

    /// How long until Meta accepts calls again, in seconds: the longest estimate of any use
    /// case, as the account stays blocked until all of them recover. Nil when no entry says.
    public var retryAfter: TimeInterval? {
        let minutes = businessUseCases.compactMap(\.estimatedTimeToRegainAccess).filter { $0 > 0 }.max()
        return minutes.map { TimeInterval($0) * 60 }
    }

    /// The highest percentage of any counter, app-wide or of a business use case messaging
    /// is counted in, with Meta's estimate of when access returns: what the sender slows
    /// down by. Nil when the headers carried no such counter.
    public var metaUsage: MetaUsage? {
        let messaging = businessUseCases.filter { $0.type.map(Self.messagingTypes.contains) ?? true }
        var counters = [app?.callCount, app?.totalTime, app?.totalCPUTime]
        for entry in messaging { counters += [entry.callCount, entry.totalTime, entry.totalCPUTime] }
        guard let percent = counters.compactMap({ $0 }).max() else { return nil }
        // minutes, as Meta gives them; at most a day, like a throttle's
        let minutes = messaging.compactMap(\.estimatedTimeToRegainAccess).filter { $0 > 0 }.max()
        return MetaUsage(percent: percent, regainAccessIn: minutes.map { min(TimeInterval($0) * 60, 86_400) })
    }

    /// The business use cases Instagram messaging is counted in; an ads use case near its
    /// limit does not slow messages down.
    static let messagingTypes: Set<String> = ["instagram", "messenger", "pages"]

    /// A header's JSON object; nil when it is no JSON or not an object.
    private static func object(_ text: String) -> Value? {
        guard let value = try? JSONText.parse(text.utf8), value.objectValue != nil else { return nil }
        return value
    }

    /// Meta's numbers are integers, but a number in a string or with a fraction is still
    /// read rather than dropped.
    private static func int(_ value: Value?) -> Int? {
        switch value {
        case .int(let int)?: Int(exactly: int)
        case .double(let double)?: Int(exactly: double.rounded(.up))
        case .string(let string)?: Int(string)
        default: nil
        }
    }
}
