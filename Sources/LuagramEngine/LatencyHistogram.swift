/// How long something took, as a Prometheus histogram: cumulative counts per upper bound,
/// their sum and count. Small and fixed, so it can live in the counters it belongs to.
public struct LatencyHistogram: Sendable, Hashable {
    /// Upper bounds in seconds, from a webhook answered at once to a send held up by a pause.
    public static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]

    /// Observations at or under each bound (not cumulative; see `cumulative`).
    public private(set) var buckets = [Int](repeating: 0, count: bounds.count)
    public private(set) var count = 0
    public private(set) var sum = 0.0

    public init() {}

    public mutating func observe(_ seconds: Double) {
        let value = max(0, seconds)
        count += 1
        sum += value
        if let index = Self.bounds.firstIndex(where: { value <= $0 }) { buckets[index] += 1 }
    }

    public mutating func add(_ other: LatencyHistogram) {
        for index in buckets.indices { buckets[index] += other.buckets[index] }
        count += other.count
        sum += other.sum
    }

    /// `(bound, observations at or under it)` for each bound, as Prometheus wants them.
    public var cumulative: [(bound: Double, count: Int)] {
        var running = 0
        return zip(Self.bounds, buckets).map { bound, n in
            running += n
            return (bound, running)
        }
    }
}
