import AsyncHTTPClient
import Foundation
import Logging
import LuagramDomain
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends `GraphRequest`s to the Send API and turns Meta's answers into a `GraphSendResult`
/// or a classified `GraphError`. It keeps no state between calls, so one client serves every
/// account and task; pacing and retrying are the sender's.
public struct GraphClient: Sendable {
    public let configuration: GraphConfiguration
    private let httpClient: HTTPClient
    private let tokens: (any GraphTokenProvider)?
    private let logger: Logger

    /// Answers larger than this are not Send API answers; reading them would only cost memory.
    static let maximumResponseBytes = 1 << 20

    /// - Parameters:
    ///   - httpClient: the shared client by default; inject one to control its pool or
    ///     event loops.
    ///   - tokens: where `send(_:)` finds each account's token.
    ///   - logger: gets one line per call with the path, status and Meta's error fields,
    ///     never the token or the body.
    public init(
        configuration: GraphConfiguration = .instagramLogin, httpClient: HTTPClient = .shared,
        tokens: (any GraphTokenProvider)? = nil, logger: Logger = Logger(label: "luagram.graph")
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.tokens = tokens
        self.logger = logger
    }

    /// Sends with the token the provider has for `request.account`.
    public func send(_ request: GraphRequest) async throws(GraphError) -> GraphSendResult {
        try await send(request, token: try await token(for: request.account))
    }

    /// Sends with the given token.
    public func send(_ request: GraphRequest, token: GraphAccessToken) async throws(GraphError) -> GraphSendResult {
        let path = request.path(apiVersion: configuration.apiVersion)
        var http = HTTPClientRequest(url: configuration.baseURL + path)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.body = .bytes(ByteBuffer(bytes: request.body))
        return try await exchange(http, path: path, token: token).result().get()
    }

    /// A read (`GET /{version}/{path}?{query}`) with the account's token: the JSON object
    /// Meta answered (an empty object if the answer was none), or the classified error.
    public func get(_ path: String, query: [(String, String)] = [], account: String) async throws(GraphError) -> Value {
        try await call(.GET, "/\(configuration.apiVersion)/\(path)", query: query, token: try await token(for: account))
    }

    /// Any call without a body: `fullPath` includes the version (or not, as Meta's
    /// `refresh_access_token` has none). Only `fullPath` is logged, never the query, which
    /// may carry a token where Meta wants it there.
    func call(_ method: HTTPMethod, _ fullPath: String, query: [(String, String)] = [], token: GraphAccessToken)
        async throws(GraphError) -> Value
    {
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        let queryText = query.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        var http = HTTPClientRequest(url: configuration.baseURL + fullPath + queryText)
        http.method = method
        return try await exchange(http, path: fullPath, token: token).object().get()
    }

    private func token(for account: String) async throws(GraphError) -> GraphAccessToken {
        let token: GraphAccessToken?
        do {
            token = try await tokens?.token(for: account)
        } catch {
            // The provider's error may describe its store; only say that it failed.
            throw GraphError(
                errorClass: .configuration, cause: .missingToken,
                message: "the token provider failed for account \(account) (\(type(of: error)))")
        }
        guard let token else {
            throw GraphError(errorClass: .configuration, cause: .missingToken, message: "no token for account \(account)")
        }
        return token
    }

    /// One call: the token in a header, Meta's answer read (or the transport's failure
    /// classified), one log line either way.
    private func exchange(_ request: HTTPClientRequest, path: String, token: GraphAccessToken) async throws(GraphError)
        -> GraphAnswer
    {
        var http = request
        // In a header rather than `?access_token=`: URLs end up in logs and error texts.
        http.headers.add(name: "Authorization", value: "Bearer \(token.secret)")
        http.headers.add(name: "Accept", value: "application/json")
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
        do {
            // The HTTP client gets no logger: what it logs is not ours to vet, and this
            // request carries the token.
            let response = try await httpClient.execute(http, timeout: TimeAmount(configuration.timeout))
            status = Int(response.status.code)
            headers = response.headers
            body = try await response.body.collect(upTo: Self.maximumResponseBytes)
        } catch {
            let failure = Self.transportError(error, token: token, timeout: configuration.timeout)
            logger.warning(
                "graph call failed", metadata: ["path": "\(path)", "cause": "\(failure.cause.rawValue)", "class": "\(failure.errorClass.rawValue)"])
            throw failure
        }
        let answer = GraphAnswer(status: status, headers: headers, body: body, token: token)
        if case .failure(let failure) = answer.object() {
            logger.warning(
                "graph call failed",
                metadata: [
                    "path": "\(path)", "status": "\(status)", "class": "\(failure.errorClass.rawValue)",
                    "code": "\(failure.code.map(String.init) ?? "-")", "subcode": "\(failure.subcode.map(String.init) ?? "-")",
                    "fbtrace_id": "\(failure.fbtraceID ?? "-")",
                ])
        } else {
            logger.debug("graph call succeeded", metadata: ["path": "\(path)", "status": "\(status)"])
        }
        return answer
    }

    /// A failure before Meta's answer was read: always transient, as nothing says the same
    /// call would fail again. Whether the message went out is unknown on a timeout; the
    /// sender decides whether it may risk a duplicate.
    static func transportError(_ error: any Error, token: GraphAccessToken, timeout: Duration) -> GraphError {
        if error is CancellationError || (error as? HTTPClientError) == .cancelled {
            return GraphError(errorClass: .transient, cause: .cancelled, message: "the call was cancelled")
        }
        // Before a connection is made nothing can have been sent; after, the request may
        // have reached Meta even though its answer did not come back.
        let beforeConnecting: [HTTPClientError] = [.connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout]
        if let client = error as? HTTPClientError, beforeConnecting.contains(client) {
            return GraphError(errorClass: .transient, cause: .timeout, message: "no connection within \(timeout) (\(client.shortName))")
        }
        if let client = error as? HTTPClientError, [.deadlineExceeded, .readTimeout, .writeTimeout].contains(client) {
            return GraphError(
                errorClass: .transient, cause: .timeout, message: "no answer within \(timeout) (\(client.shortName))",
                mayHaveArrived: true)
        }
        // NIO's connection errors name the address and the errno, which helps; the token is
        // never part of them, but redact anyway, as the text is not ours.
        let text = Redaction.redact(String(describing: error), token: token)
        let refused = error is NIOConnectionError || (error as? IOError)?.errnoCode == ECONNREFUSED
        return GraphError(
            errorClass: .transient, cause: .connection, message: "connection failed: \(text)", mayHaveArrived: !refused)
    }
}

extension HTTPClientError {
    /// `deadlineExceeded` rather than the full description.
    fileprivate var shortName: String {
        String(describing: self).replacingOccurrences(of: "HTTPClientError.", with: "")
    }
}
