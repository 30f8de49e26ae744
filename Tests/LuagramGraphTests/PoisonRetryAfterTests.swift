import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import LuagramGraph

@Suite("Odd Retry-After values from the Graph API")
struct PoisonRetryAfterTests {
    static func throttled(retryAfter: String) -> GraphError? {
        let answer = GraphAnswer(
            status: 429, headers: HTTPHeaders([("Retry-After", retryAfter)]), body: ByteBuffer(string: "busy"),
            token: GraphAccessToken("t"))
        guard case .failure(let error) = answer.result() else { return nil }
        return error
    }

    @Test("a Retry-After that is huge, infinite, negative or not a number pauses at most a day, and describes without a trap",
        arguments: ["1e300", "inf", "nan", "-5", "1e18"])
    func oddRetryAfter(header: String) throws {
        let error = try #require(Self.throttled(retryAfter: header))
        if let retryAfter = error.retryAfter { #expect(retryAfter >= 0 && retryAfter <= 86_400) }
        #expect(error.description.contains("HTTP 429"))
    }

    @Test("a description never traps on a non-finite retry time set by hand")
    func description() {
        let error = GraphError(errorClass: .throttled, cause: .meta, code: 4, message: "slow down", retryAfter: .infinity)
        #expect(error.description.contains("retry after"))
    }
}
