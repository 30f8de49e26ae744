import Foundation

extension FakeGraphServer {
    /// Random failures for drills: a share of the calls that would have succeeded is answered
    /// with a server error, a time-out or Meta's throttle instead, drawn from a seeded
    /// generator, so a run can be repeated. Scripted replies (`enqueue`) and refused tokens
    /// are never replaced.
    public struct Faults: Sendable, Hashable {
        /// Percentages (0–100) of the calls: a 5xx (half Meta's transient code 2 with HTTP
        /// 500, half a bare 502 from "a proxy"), a time-out, a 613 throttle.
        public var serverErrorPercent: Double
        public var timeoutPercent: Double
        public var throttlePercent: Double
        /// The generator's seed: the same seed gives the same faults for the same calls.
        public var seed: UInt64
        /// How long a "time-out" waits before answering. It answers with a success: Meta got
        /// the message and only its answer is lost, the case where a retry sends it twice.
        /// Make it longer than the client's timeout.
        public var timeoutDelay: Duration
        /// The throttle's `estimated_time_to_regain_access` in the `X-Business-Use-Case-Usage`
        /// header, in minutes as Meta gives it (0: no estimate).
        public var throttleMinutes: Int
        /// A `Retry-After` header on the throttle, in seconds, when set: with
        /// `throttleMinutes` 0 it makes a brief pause for drills.
        public var throttleRetryAfter: Int?

        public init(
            serverErrorPercent: Double = 0, timeoutPercent: Double = 0, throttlePercent: Double = 0, seed: UInt64 = 1,
            timeoutDelay: Duration = .seconds(20), throttleMinutes: Int = 1, throttleRetryAfter: Int? = nil
        ) {
            self.serverErrorPercent = serverErrorPercent
            self.timeoutPercent = timeoutPercent
            self.throttlePercent = throttlePercent
            self.seed = seed
            self.timeoutDelay = timeoutDelay
            self.throttleMinutes = throttleMinutes
            self.throttleRetryAfter = throttleRetryAfter
        }

        /// Whether any fault can happen.
        public var isActive: Bool {
            serverErrorPercent > 0 || timeoutPercent > 0 || throttlePercent > 0
        }

        /// The fault for a roll in [0, 100) and a second draw for the variant, or nil for
        /// a normal answer.
        func fault(roll: Double) -> Fault? {
            var limit = serverErrorPercent
            if roll < limit { return .serverError }
            limit += timeoutPercent
            if roll < limit { return .timeout }
            limit += throttlePercent
            if roll < limit { return .throttle }
            return nil
        }

        /// The answer for a fault on `node` (the account in the path).
        func reply(for fault: Fault, node: String, variant: UInt64) -> Reply {
            switch fault {
            case .serverError:
                if variant % 2 == 0 {
                    return .metaError(
                        code: 2, message: "An unexpected error has occurred. Please retry your request later.", status: 500,
                        fbtraceID: "AFakeTraceFault", isTransient: true)
                }
                return .status(502, text: "<html><body>502 Bad Gateway</body></html>")
            case .timeout:
                return Reply.success().delayed(by: timeoutDelay)
            case .throttle:
                var reply = Reply.metaError(
                    code: 613, subcode: 2534040, message: "(#613) Calls to this api have exceeded the rate limit.",
                    fbtraceID: "AFakeTraceThrottle"
                ).businessUseCaseUsage(account: node, minutesToRegainAccess: max(throttleMinutes, 0))
                if let throttleRetryAfter { reply = reply.header("Retry-After", String(throttleRetryAfter)) }
                return reply
            }
        }
    }

    /// A fault the server injected instead of its normal answer.
    public enum Fault: String, Sendable, Hashable, CaseIterable {
        case serverError = "5xx"
        /// The answer came after `Faults.timeoutDelay`: a success nobody waited for.
        case timeout
        case throttle = "613"
    }
}
