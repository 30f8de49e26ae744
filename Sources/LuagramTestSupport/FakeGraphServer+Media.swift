import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

extension FakeGraphServer {
    /// A file the twin serves at `/media/<name>`, as the hosts of rule authors' images do:
    /// Meta fetches an attachment's URL itself, and Luagram first learns its type and size
    /// with a HEAD or a ranged GET (see `MediaProbe`).
    public struct MediaFile: Sendable {
        public var contentType: String?
        public var byteSize: Int
        /// Some hosts refuse HEAD (pre-signed S3 URLs answer 403): then only a GET tells.
        public var allowsHead: Bool
        /// Answer 302 to this media name instead.
        public var redirectTo: String?
        /// How long before answering.
        public var delay: Duration

        public init(
            contentType: String?, byteSize: Int, allowsHead: Bool = true, redirectTo: String? = nil, delay: Duration = .zero
        ) {
            self.contentType = contentType
            self.byteSize = byteSize
            self.allowsHead = allowsHead
            self.redirectTo = redirectTo
            self.delay = delay
        }
    }

    /// Serves `file` at `/media/<name>`; returns its URL.
    @discardableResult
    public func serve(_ file: MediaFile, as name: String) -> String {
        core.media.withLock { $0[name] = file }
        return baseURL + "/media/" + name
    }

    /// How many requests each media name has had.
    public func mediaRequests(_ name: String) -> Int {
        requests.filter { $0.path == "/media/" + name }.count
    }
}

extension FakeGraphServer.Core {
    func media(_ request: Request, name: String) async throws -> Response {
        let recorded = FakeGraphServer.RecordedRequest(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: [:], bodyText: "", json: nil)
        let file = state.withLock { state in
            state.requests.append(recorded)
            return media.withLock { $0[name] }
        }
        guard let file else { return Response(status: .notFound) }
        if file.delay > .zero { try await Task.sleep(for: file.delay) }
        if let target = file.redirectTo {
            return Response(status: .found, headers: [.location: "/media/" + target])
        }
        let isHead = request.method == .head
        if isHead, !file.allowsHead { return Response(status: .forbidden) }
        var headers: HTTPFields = [:]
        if let type = file.contentType { headers[.contentType] = type }
        if !isHead, request.headers[.range] == "bytes=0-0", file.byteSize > 0 {
            headers[.contentRange] = "bytes 0-0/\(file.byteSize)"
            return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: [0x89])))
        }
        headers[.contentLength] = String(file.byteSize)
        if isHead { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(repeating: 0, count: file.byteSize)))
    }
}
