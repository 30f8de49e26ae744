#if LUAGRAM_BENCH_ROUTES
import Hummingbird

/// `POST /bench/bare`: the baseline of `scripts/bench` (durable ingest). It does what the
/// webhook route does on the HTTP side — reads the whole body, answers 200 with the same
/// text — and nothing else: no signature check, no store. Compiled only into the benchmarks'
/// build (-DLUAGRAM_BENCH_ROUTES, as `scripts/bench` builds), where `serve --bench-routes`
/// adds it; a production binary has neither the route nor the flag.
public struct BareRoute: Sendable {
    public static let path = "/bench/bare"

    let maximumBodyBytes: Int

    public init(maximumBodyBytes: Int = 8 << 20) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.post(RouterPath(Self.path)) { request, _ in
            var request = request
            let buffer = try await request.collectBody(upTo: maximumBodyBytes)
            guard buffer.readableBytes > 0 else { return Response(status: .badRequest) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "EVENT_RECEIVED")))
        }
    }
}
#endif
