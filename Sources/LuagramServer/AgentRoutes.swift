import Foundation
import HTTPTypes
import Hummingbird
import LuagramDomain
import LuagramEngine
import LuagramInstagram
import Logging

/// The agent API, for the people who answer contacts themselves: send a message as a named
/// agent (the only way to the HUMAN_AGENT tag), hand a conversation off from the rules and
/// release it, and read a conversation with its statuses. Every call needs
/// `Authorization: Bearer <agent token>`.
public struct AgentRoutes: Sendable {
    let desk: AgentDesk
    let token: [UInt8]
    let clock: any Clock
    let logger: Logger

    public init(desk: AgentDesk, token: String, clock: any Clock, logger: Logger) {
        self.desk = desk
        self.token = Array(token.utf8)
        self.clock = clock
        self.logger = logger
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.post("/agent/messages") { request, _ in try await authorized(request) { try await send($0) } }
        router.post("/agent/handoff") { request, _ in try await authorized(request) { try await handoff($0) } }
        router.post("/agent/release") { request, _ in try await authorized(request) { try await release($0) } }
        router.get("/agent/conversation") { request, _ in try await authorized(request) { try await conversation($0) } }
    }

    private func authorized(_ request: Request, _ handle: (Request) async throws -> Response) async throws -> Response {
        let header = request.headers[.authorization] ?? ""
        guard header.hasPrefix("Bearer "), SecretComparison.matches(Array(header.utf8.dropFirst(7)), token) else {
            return Response(status: .unauthorized, headers: [.wwwAuthenticate: "Bearer"])
        }
        do {
            return try await handle(request)
        } catch let error as BadRequest {
            return Self.json(.badRequest, ["error": .string(error.message)])
        }
    }

    private func send(_ request: Request) async throws -> Response {
        let body = try await Self.body(request)
        let text = try body.string("text")
        let agent = try body.string("agent")
        let decision = try await desk.send(
            OutgoingMessage(text: text), to: try body.string("contact"), of: try body.string("account"), agent: agent,
            at: clock.now)
        logger.info("agent message decided", metadata: ["agent": "\(agent)", "verdict": "\(decision.verdict)"])
        var answer: [String: Value] = ["verdict": .string(decision.verdict)]
        switch decision {
        case .send(let plan): answer["messaging_type"] = .string(plan.messagingType.rawValue)
        case .defer(let until, let reason):
            answer["reason"] = .string(reason.rawValue)
            answer["until"] = .double(until.timeIntervalSince1970)
        case .refuse(let reason):
            answer["reason"] = .string(reason.rawValue)
            answer["message"] = .string(reason.explanation)
        case .accept: break
        }
        return Self.json(.ok, answer)
    }

    private func handoff(_ request: Request) async throws -> Response {
        let body = try await Self.body(request)
        let reason = (try? body.string("reason")) ?? "handed off by an agent"
        try await desk.handoff(try body.string("contact"), of: try body.string("account"), reason: reason, at: clock.now)
        return Response(status: .noContent)
    }

    private func release(_ request: Request) async throws -> Response {
        let body = try await Self.body(request)
        try await desk.release(try body.string("contact"), of: try body.string("account"), at: clock.now)
        return Response(status: .noContent)
    }

    private func conversation(_ request: Request) async throws -> Response {
        guard let query = try? QueryString(request.uri.query ?? ""), let account = query["account"], let contact = query["contact"] else {
            throw BadRequest(message: "account and contact are required")
        }
        let messages = try await desk.history(of: contact, of: account)
        return Self.json(.ok, .array(messages.map(Self.value)))
    }

    static func value(_ message: StoredMessage) -> Value {
        var fields: [String: Value] = [
            "direction": .string(message.direction == .inbound ? "in" : "out"), "status": .string(message.status.rawValue),
            "created_at": .double(message.createdAt.timeIntervalSince1970),
        ]
        if let text = message.text { fields["text"] = .string(text) }
        if let origin = message.origin { fields["origin"] = .string(origin) }
        if let mid = message.mid { fields["mid"] = .string(mid) }
        if let reason = message.refusal { fields["reason"] = .string(reason.rawValue) }
        // Unsent by its author: the text and attachments are gone, and the agent sees why.
        if let unsent = message.unsentAt {
            fields["unsent"] = true
            fields["unsent_at"] = .double(unsent.timeIntervalSince1970)
        }
        if let failure = message.failure {
            fields["error_code"] = .int(Int64(failure.code ?? 0))
            fields["error_message"] = .string(failure.message)
        }
        return .object(fields)
    }

    struct BadRequest: Error {
        var message: String
    }

    static func body(_ request: Request) async throws -> [String: Value] {
        var request = request
        let buffer = try await request.collectBody(upTo: 64 << 10)
        guard case .object(let fields) = try? JSONText.parse(Array(buffer.readableBytesView), limits: JSONLimits(maxBytes: 64 << 10)) else {
            throw BadRequest(message: "the body must be a JSON object")
        }
        return fields
    }

    static func json(_ status: HTTPResponse.Status, _ value: Value) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: JSONText.serialize(value))))
    }

    static func json(_ status: HTTPResponse.Status, _ fields: [String: Value]) -> Response {
        json(status, .object(fields))
    }
}

extension [String: Value] {
    func string(_ key: String) throws -> String {
        guard case .string(let value)? = self[key], !value.isEmpty else {
            throw AgentRoutes.BadRequest(message: "\"\(key)\" must be a non-empty string")
        }
        return value
    }
}
