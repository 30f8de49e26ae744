import LuagramEngine
import LuagramServer
import Testing

@Suite("Prometheus text")
struct PrometheusTextTests {
    @Test("a latency histogram is written with cumulative buckets, +Inf, sum and count")
    func histogram() {
        var latency = LatencyHistogram()
        for seconds in [0.003, 0.2, 400] { latency.observe(seconds) }
        var text = PrometheusText()
        text.add("luagram_test_seconds", help: "A test.", histogram: latency)
        let lines = text.text.split(separator: "\n").map(String.init)
        #expect(lines.prefix(2) == ["# HELP luagram_test_seconds A test.", "# TYPE luagram_test_seconds histogram"])
        #expect(lines.contains(#"luagram_test_seconds_bucket{le="0.005"} 1"#))
        #expect(lines.contains(#"luagram_test_seconds_bucket{le="0.1"} 1"#))
        #expect(lines.contains(#"luagram_test_seconds_bucket{le="0.25"} 2"#))
        #expect(lines.contains(#"luagram_test_seconds_bucket{le="300"} 2"#))
        #expect(lines.suffix(3) == [#"luagram_test_seconds_bucket{le="+Inf"} 3"#, "luagram_test_seconds_sum 400.203", "luagram_test_seconds_count 3"])
    }
}
