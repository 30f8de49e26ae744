import Foundation
import LuagramGraph
import LuagramTestSupport
import Testing

/// One of Meta's errors as the fake server sends it, and the class it must map to.
struct MetaErrorCase: Sendable, CustomTestStringConvertible {
    var code: Int
    var subcode: Int?
    var status: Int = 400
    var message: String
    var isTransient: Bool? = nil
    var expected: GraphErrorClass

    var testDescription: String {
        "\(code)\(subcode.map { "/\($0)" } ?? "") → \(expected.rawValue)"
    }
}

@Suite("Meta's errors as classes")
struct GraphErrorClassTests {
    static let cases: [MetaErrorCase] = [
        // Permanent for this contact. Codes and sources: `GraphErrorClass.classify`, docs/meta-graph-api.md.
        .init(code: 10, subcode: 2534022, message: "(#10) This message is sent outside of allowed window.", expected: .permanentForContact),
        .init(code: 551, subcode: nil, message: "(#551) This person isn't available right now.", expected: .permanentForContact),
        .init(code: 100, subcode: 2534014, message: "No matching user found", expected: .permanentForContact),
        .init(code: 100, subcode: 2534025, message: "The comment is invalid for a private reply", expected: .permanentForContact),
        .init(code: 200, subcode: 1545041, message: "Message not sent: This person isn't available right now.", expected: .permanentForContact),
        .init(code: 100, subcode: 2534037, message: "(#100) The action is invalid since it's not the thread owner.", expected: .permanentForContact),
        // Re-authenticate: 190 alone and with its subcodes.
        .init(code: 190, subcode: nil, message: "Invalid OAuth access token.", expected: .reauthenticate),
        .init(code: 190, subcode: 460, message: "Error validating access token: password changed", expected: .reauthenticate),
        .init(code: 190, subcode: 463, message: "Error validating access token: Session has expired", expected: .reauthenticate),
        .init(code: 190, subcode: 467, message: "Error validating access token: invalid token", expected: .reauthenticate),
        .init(code: 10, subcode: 2534077, message: "Cannot verify the connection", expected: .reauthenticate),
        // Configuration.
        .init(code: 3, subcode: nil, message: "(#3) Application does not have the capability to make this API call.", expected: .configuration),
        .init(code: 10, subcode: nil, message: "(#10) Application does not have permission for this action", expected: .configuration),
        .init(code: 200, subcode: 2534041, status: 403, message: "Access to messages is turned off", expected: .configuration),
        .init(code: 100, subcode: 2534013, message: "The page is not linked to an Instagram account", expected: .configuration),
        // Throttled.
        .init(code: 4, subcode: nil, message: "(#4) Application request limit reached", expected: .throttled),
        .init(code: 17, subcode: nil, message: "(#17) User request limit reached", expected: .throttled),
        .init(code: 32, subcode: nil, message: "(#32) Page request limit reached", expected: .throttled),
        .init(code: 613, subcode: 2534040, message: "(#613) Calls to this api have exceeded the rate limit.", expected: .throttled),
        .init(code: 80002, subcode: nil, message: "There have been too many calls to this Instagram account.", expected: .throttled),
        .init(code: 80006, subcode: nil, message: "There have been too many messaging requests to this Page.", expected: .throttled),
        // Transient.
        .init(code: 1, subcode: 99, status: 500, message: "An unknown error occurred", expected: .transient),
        .init(code: 2, subcode: nil, status: 503, message: "An unexpected error has occurred. Please retry your request later.", expected: .transient),
        .init(code: 4242, subcode: nil, message: "Something new", isTransient: true, expected: .transient),
        // Rejected: this call only.
        .init(code: 100, subcode: nil, message: "(#100) Invalid parameter", expected: .rejected),
        .init(code: 100, subcode: 2018008, message: "Failed to fetch the file from the url", expected: .rejected),
        .init(code: 4242, subcode: nil, message: "Something new", expected: .rejected),
    ]

    @Test("each error group maps to its class, with Meta's fields kept", arguments: cases)
    func metaError(_ metaCase: MetaErrorCase) async throws {
        let error = try await withFakeGraph { server, client in
            server.enqueue(
                .metaError(
                    code: metaCase.code, subcode: metaCase.subcode, message: metaCase.message, status: metaCase.status,
                    fbtraceID: "AbCdEf123", isTransient: metaCase.isTransient))
            return await failure(of: try textReply(), on: client)
        }
        let graphError = try #require(error)
        #expect(graphError.errorClass == metaCase.expected)
        #expect(graphError.cause == .meta)
        #expect(graphError.code == metaCase.code)
        #expect(graphError.subcode == metaCase.subcode)
        #expect(graphError.httpStatus == metaCase.status)
        #expect(graphError.fbtraceID == "AbCdEf123")
        #expect(graphError.type == "OAuthException")
        #expect(graphError.message == metaCase.message)
        #expect(graphError.errorClass.isRetryable == (metaCase.expected == .throttled || metaCase.expected == .transient))
    }

    @Test("a 613 with a business use case header says when to try again")
    func throttleWithUsage() async throws {
        let error = try await withFakeGraph { server, client in
            server.enqueue(
                .metaError(code: 613, message: "(#613) Calls to this api have exceeded the rate limit.")
                    .businessUseCaseUsage(minutesToRegainAccess: 19))
            return await failure(of: try textReply(), on: client)
        }
        #expect(error?.errorClass == .throttled)
        #expect(error?.retryAfter == TimeInterval(19 * 60))
        #expect(
            error?.usage?.businessUseCases == [
                GraphUsage.BusinessUseCaseUsage(
                    businessID: IDs.account, type: "instagram", callCount: 100, totalTime: 25, totalCPUTime: 25,
                    estimatedTimeToRegainAccess: 19)
            ])
        #expect(error?.description.contains("retry after 1140 s") == true)
    }

    @Test("a throttle without usage headers leaves the wait to the sender's backoff")
    func throttleWithoutUsage() async throws {
        let error = try await withFakeGraph { server, client in
            server.enqueue(.metaError(code: 4, message: "(#4) Application request limit reached"))
            return await failure(of: try textReply(), on: client)
        }
        #expect(error?.errorClass == .throttled)
        #expect(error?.retryAfter == nil)
    }

    @Test("a subcode Meta uses with several codes is known without its code")
    func subcodeOnly() {
        #expect(GraphErrorClass.classify(code: 10, subcode: 2534001, httpStatus: 400) == .permanentForContact)
        #expect(GraphErrorClass.classify(code: nil, subcode: nil, httpStatus: 502) == .transient)
        #expect(GraphErrorClass.classify(code: nil, subcode: nil, httpStatus: 429) == .throttled)
        #expect(GraphErrorClass.classify(code: nil, subcode: nil, httpStatus: 404) == .rejected)
    }
}
