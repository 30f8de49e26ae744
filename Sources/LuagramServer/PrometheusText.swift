import Foundation
import LuagramEngine

/// Metrics in Prometheus' text exposition format (version 0.0.4), built by hand: a few
/// families of counters and gauges need no metrics library.
public struct PrometheusText: Sendable {
    public enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    private var lines: [String] = []

    public init() {}

    /// Adds one metric family: `samples` pairs label sets (possibly empty) with values.
    public mutating func add(_ name: String, _ kind: Kind, help: String, samples: [([String: String], Double)]) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) \(kind.rawValue)")
        for (labels, value) in samples {
            let labelText = labels.isEmpty
                ? ""
                : "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(Self.escaped($0.value))\"" }.joined(separator: ",") + "}"
            lines.append("\(name)\(labelText) \(Self.format(value))")
        }
    }

    /// Adds a family with a single unlabelled sample.
    public mutating func add(_ name: String, _ kind: Kind, help: String, value: Double) {
        add(name, kind, help: help, samples: [([:], value)])
    }

    /// Adds a histogram family: cumulative buckets (`le`), with `+Inf`, sum and count.
    public mutating func add(_ name: String, help: String, histogram: LatencyHistogram) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) histogram")
        for (bound, count) in histogram.cumulative {
            lines.append("\(name)_bucket{le=\"\(Self.format(bound))\"} \(count)")
        }
        lines.append("\(name)_bucket{le=\"+Inf\"} \(histogram.count)")
        lines.append("\(name)_sum \(Self.format(histogram.sum))")
        lines.append("\(name)_count \(histogram.count)")
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }

    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
