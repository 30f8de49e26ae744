import LuagramDomain
import Synchronization

/// What the processing loop has done since the server started, for metrics: shared between
/// the loop's task and whoever scrapes it.
public final class ProcessingTotals: Sendable {
    /// The totals at one moment.
    public struct Snapshot: Sendable, Hashable {
        /// Counts only: `report.decisions` stays empty (see `decisions`).
        public var report = ProcessingReport()
        /// Decisions by verdict and reason code ("" when there is none).
        public var decisions: [String: [String: Int]] = [:]
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func add(_ report: ProcessingReport) {
        state.withLock { totals in
            var counts = report
            counts.decisions = []
            totals.report.add(counts)
            for recorded in report.decisions {
                let reason: String =
                    switch recorded.decision {
                    case .refuse(let code), .defer(_, let code): code.rawValue
                    case .accept, .send: ""
                    }
                totals.decisions[recorded.decision.verdict, default: [:]][reason, default: 0] += 1
            }
        }
    }
}
