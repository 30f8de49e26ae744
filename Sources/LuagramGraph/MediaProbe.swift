import AsyncHTTPClient
import Foundation
import LuagramDomain
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Learns an image URL's type and size before the sender attaches it: Meta attaches png and
/// jpeg up to 8 MB (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api,
/// "Media limits") and fails the whole call otherwise, so an image that cannot be shown to
/// fit goes as a link instead.
///
/// One HEAD (or, where HEAD is refused or says no size, a GET of the first byte) with a
/// deadline for the whole probe, redirects followed by hand so that every hop's address is
/// checked (`MediaAddress`), nothing of the body read. Answers are cached, so a campaign
/// image is probed once, not once per recipient.
public final class MediaProbe: MediaInspector {
    /// The limits of one probe.
    public struct Configuration: Sendable {
        /// The whole probe, redirects included.
        public var timeout: Duration = .seconds(3)
        public var maximumRedirects = 3
        /// Probe loopback and private addresses too (tests and demos with a local server).
        public var allowPrivateAddresses = false
        /// How long an answer is kept, and how many are.
        public var cacheLifetime: TimeInterval = 600
        public var cacheCapacity = 1024

        public init(allowPrivateAddresses: Bool = false) {
            self.allowPrivateAddresses = allowPrivateAddresses
        }
    }

    /// What a probe learned: the fields it could, and why not the others.
    public typealias Answer = MediaFacts

    public let configuration: Configuration
    private let client: HTTPClient
    private let cache = Mutex<[String: (answer: Answer, until: Date)]>([:])
    /// Calls made (not answered from the cache), for tests and metrics.
    private let probes = Atomic<Int>(0)

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        var http = HTTPClient.Configuration(redirectConfiguration: .disallow)
        http.timeout = .init(connect: TimeAmount(configuration.timeout), read: TimeAmount(configuration.timeout))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Closes the connections; call once, before the probe is dropped.
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func inspect(_ url: String, at now: Date) async -> MediaFacts {
        await probe(url, at: now)
    }

    /// Probes made so far (cache hits not counted).
    public var probeCount: Int { probes.load(ordering: .relaxed) }

    /// What the URL serves, from the cache or a probe.
    public func probe(_ url: String, at now: Date = Date()) async -> Answer {
        if let known = cache.withLock({ $0[url] }), known.until > now { return known.answer }
        probes.add(1, ordering: .relaxed)
        let answer: Answer
        do {
            answer = try await withDeadline { try await self.follow(url) }
        } catch let problem as ProbeProblem {
            answer = Answer(problem: problem.text)
        } catch {
            answer = Answer(problem: "the probe failed (\(type(of: error)))")
        }
        cache.withLock { entries in
            if entries.count >= configuration.cacheCapacity { entries = entries.filter { $0.value.until > now } }
            if entries.count < configuration.cacheCapacity { entries[url] = (answer, now.addingTimeInterval(configuration.cacheLifetime)) }
        }
        return answer
    }

    private struct ProbeProblem: Error {
        let text: String
    }

    /// Runs `body`, or gives up when the probe's time is over.
    private func withDeadline(_ body: @escaping @Sendable () async throws -> Answer) async throws -> Answer {
        let limit = configuration.timeout
        return try await withThrowingTaskGroup(of: Answer?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else {
                throw ProbeProblem(text: "no answer within \(limit)")
            }
            return answer
        }
    }

    private func follow(_ start: String) async throws -> Answer {
        var url = start
        for _ in 0...configuration.maximumRedirects {
            try await check(url)
            var answer = try await request(url, method: .HEAD)
            if case .redirect(let next) = answer {
                url = next
                continue
            }
            if case .answer(let head) = answer, head.byteSize != nil, head.contentType != nil { return head }
            // HEAD refused, or no size in it: ask for the first byte, whose Content-Range has the size
            answer = try await request(url, method: .GET)
            switch answer {
            case .redirect(let next): url = next
            case .answer(let got): return got
            }
        }
        throw ProbeProblem(text: "more than \(configuration.maximumRedirects) redirects")
    }

    private enum Hop {
        case answer(Answer)
        case redirect(String)
    }

    private func check(_ url: String) async throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = parsed.host, !host.isEmpty
        else { throw ProbeProblem(text: "not an http or https URL") }
        if configuration.allowPrivateAddresses { return }
        let bare = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        let addresses = try await NIOThreadPool.singleton.runIfActive { MediaAddress.resolve(bare) }
        guard !addresses.isEmpty else { throw ProbeProblem(text: "the host does not resolve") }
        guard addresses.allSatisfy(MediaAddress.isPublic) else {
            throw ProbeProblem(text: "the host is a private, loopback or link-local address")
        }
    }

    private func request(_ url: String, method: HTTPMethod) async throws -> Hop {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if method == .GET { request.headers.add(name: "Range", value: "bytes=0-0") }
        request.headers.add(name: "User-Agent", value: "Luagram media probe")
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: TimeAmount(configuration.timeout))
        } catch {
            throw ProbeProblem(text: "no answer (\(String(describing: error).replacingOccurrences(of: "HTTPClientError.", with: "")))")
        }
        let status = Int(response.status.code)
        let headers = response.headers
        // the body is never wanted; at most the one byte asked for, or a short error page
        _ = try? await response.body.collect(upTo: 64 << 10)
        if (300..<400).contains(status) {
            guard let location = headers.first(name: "Location"), let next = URL(string: location, relativeTo: URL(string: url)) else {
                throw ProbeProblem(text: "a redirect without a usable Location")
            }
            return .redirect(next.absoluteString)
        }
        if method == .HEAD, status == 405 || status == 501 || status == 403 { return .answer(Answer(problem: "HEAD refused (\(status))")) }
        guard status == 200 || status == 206 else { throw ProbeProblem(text: "the server answered \(status)") }
        let type = headers.first(name: "Content-Type")
        var size: Int?
        if status == 206, let range = headers.first(name: "Content-Range"), let total = range.split(separator: "/").last {
            size = Int(total)
        } else if let length = headers.first(name: "Content-Length") {
            size = Int(length)
        }
        let problem = type == nil ? "no Content-Type" : size == nil ? "no size (Content-Length or Content-Range)" : nil
        return .answer(Answer(contentType: type, byteSize: size, problem: problem))
    }
}
