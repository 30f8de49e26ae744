import Foundation
import HTTPTypes
import Hummingbird
import LuagramDomain
import LuagramInstagram
import Logging

/// The two webhook endpoints Meta calls. The POST path is kept tiny on purpose: verify the
/// signature on the raw bytes, store the body, answer — no decoding, no rule and no network
/// call happens before the 200, because Meta disables a webhook that answers slowly.
public struct WebhookRoutes: Sendable {
    public static let path = "/webhooks/instagram"

    let signature: WebhookSignature
    let handshake: WebhookHandshake
    let maximumBodyBytes: Int
    /// Appends are group-committed by the store: a request waits for its own body's
    /// transaction, not for one fsync per request.
    let inbox: any InboxStore
    let clock: any Clock
    let logger: Logger

    public init(configuration: WebhookServerConfiguration, inbox: any InboxStore, clock: any Clock, logger: Logger) {
        signature = WebhookSignature(secrets: configuration.appSecrets)
        handshake = WebhookHandshake(verifyToken: configuration.verifyToken)
        maximumBodyBytes = configuration.maximumBodyBytes
        self.inbox = inbox
        self.clock = clock
        self.logger = logger
    }

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Self.path)) { request, _ in verify(request) }
        router.post(RouterPath(Self.path)) { request, _ in try await receive(request) }
    }

    /// The subscription handshake: the challenge back for the right token, else 403.
    func verify(_ request: Request) -> Response {
        let answer = handshake.respond(toQueryString: request.uri.query ?? "")
        if case .forbidden = answer { logger.warning("webhook verification refused") }
        return Response(
            status: .init(code: answer.status), headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }

    func receive(_ request: Request) async throws -> Response {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBodyBytes)
        } catch {
            logger.warning("webhook refused: body over \(maximumBodyBytes) bytes")
            return Response(status: .contentTooLarge)
        }
        let body = Array(buffer.readableBytesView)
        let check = signature.verify(body: body, header: request.headers[Self.signatureHeader])
        guard check.isValid else {
            logger.warning("webhook refused: signature \(check)", metadata: ["bytes": .stringConvertible(body.count)])
            return Response(status: .forbidden)
        }
        // Nothing in it to keep or to lose; a 503 would have Meta retry it until it gave up on the webhook.
        guard !body.isEmpty else {
            logger.warning("webhook with an empty body: acknowledged, nothing stored")
            return Self.acknowledged()
        }
        do {
            _ = try await inbox.appendToInbox(Data(body), receivedAt: clock.now)
        } catch {
            // not acknowledged, so Meta delivers it again
            logger.error("webhook not stored: \(error)")
            return Response(status: .serviceUnavailable)
        }
        return Self.acknowledged()
    }

    /// The answer Meta takes as received: it will not deliver the body again.
    static func acknowledged() -> Response {
        Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "EVENT_RECEIVED")))
    }

    static let signatureHeader = HTTPField.Name(WebhookSignature.headerName)!
}
