import Foundation
import Hummingbird

/// `GET /healthz`: 200 with `{"status":"ok"}` while the server can take webhooks, 503 with
/// the problems otherwise (an account paused by Meta, a database that cannot be written).
public struct HealthRoutes: Sendable {
    /// What is wrong now; empty when all is well.
    public typealias Problems = @Sendable () async -> [String]

    let problems: Problems

    public init(problems: @escaping Problems = { [] }) {
        self.problems = problems
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ in
            let problems = await self.problems()
            let json = problems.isEmpty
                ? #"{"status":"ok"}"#
                : #"{"status":"degraded","problems":["# + problems.map(Self.quoted).joined(separator: ",") + "]}"
            return Response(
                status: problems.isEmpty ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json)))
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
