import Foundation
import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import Testing

/// Learning an image's type and size from the twin's media URLs, over real sockets.
@Suite("Probing image URLs")
struct MediaProbeTests {
    static func withProbe(
        _ configuration: MediaProbe.Configuration = MediaProbe.Configuration(allowPrivateAddresses: true),
        _ body: (FakeGraphServer, MediaProbe) async throws -> Void
    ) async throws {
        let server = try await FakeGraphServer.start()
        let probe = MediaProbe(configuration: configuration)
        do {
            try await body(server, probe)
        } catch {
            await probe.shutdown()
            await server.stop()
            throw error
        }
        await probe.shutdown()
        await server.stop()
    }

    @Test("a HEAD gives the type and size, and the answer is cached")
    func headAndCache() async throws {
        try await Self.withProbe { server, probe in
            let url = server.serve(.init(contentType: "image/png", byteSize: 512_000), as: "a.png")
            let answer = await probe.probe(url)
            #expect(answer == MediaProbe.Answer(contentType: "image/png", byteSize: 512_000))
            #expect(await probe.probe(url) == answer)
            #expect(server.mediaRequests("a.png") == 1)
            #expect(probe.probeCount == 1)
        }
    }

    @Test("where HEAD is refused, a GET of the first byte gives the size from Content-Range")
    func rangedGet() async throws {
        try await Self.withProbe { server, probe in
            let url = server.serve(.init(contentType: "image/jpeg", byteSize: 9_000_000, allowsHead: false), as: "big.jpg")
            #expect(await probe.probe(url) == MediaProbe.Answer(contentType: "image/jpeg", byteSize: 9_000_000))
            #expect(server.mediaRequests("big.jpg") == 2)
        }
    }

    @Test("redirects are followed up to the limit, and no further")
    func redirects() async throws {
        try await Self.withProbe { server, probe in
            server.serve(.init(contentType: "image/png", byteSize: 10), as: "end.png")
            for hop in 1...4 { server.serve(.init(contentType: nil, byteSize: 0, redirectTo: hop == 1 ? "end.png" : "r\(hop - 1)"), as: "r\(hop)") }
            #expect(await probe.probe(server.baseURL + "/media/r3").byteSize == 10)
            let tooFar = await probe.probe(server.baseURL + "/media/r4")
            #expect(tooFar.byteSize == nil)
            #expect(tooFar.problem == "more than 3 redirects")
        }
    }

    @Test("a host that does not answer in time gives no size, with the reason")
    func timeout() async throws {
        var configuration = MediaProbe.Configuration(allowPrivateAddresses: true)
        configuration.timeout = .milliseconds(200)
        try await Self.withProbe(configuration) { server, probe in
            let url = server.serve(.init(contentType: "image/png", byteSize: 10, delay: .seconds(5)), as: "slow.png")
            let started = ContinuousClock.now
            let answer = await probe.probe(url)
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(answer.byteSize == nil)
            #expect(answer.problem?.hasPrefix("no answer") == true, "\(answer.problem ?? "-")")
        }
    }

    @Test("loopback, private and link-local hosts are refused unless allowed")
    func privateAddresses() async throws {
        try await Self.withProbe(MediaProbe.Configuration()) { server, probe in
            let url = server.serve(.init(contentType: "image/png", byteSize: 10), as: "local.png")
            let answer = await probe.probe(url)
            #expect(answer.byteSize == nil)
            #expect(answer.problem == "the host is a private, loopback or link-local address")
            #expect(server.mediaRequests("local.png") == 0)
            #expect(await probe.probe("http://169.254.169.254/latest/meta-data").problem == answer.problem)
            #expect(await probe.probe("file:///etc/passwd").problem == "not an http or https URL")
        }
        for address in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1"] {
            #expect(!MediaAddress.isPublic(Self.v4(address)), "\(address)")
        }
        #expect(MediaAddress.isPublic(Self.v4("157.240.1.35")))
        #expect(!MediaAddress.isPublic(Array(repeating: 0, count: 15) + [1]))  // ::1
        #expect(!MediaAddress.isPublic([0xFE, 0x80] + Array(repeating: 0, count: 14)))
        #expect(!MediaAddress.isPublic(Array(repeating: 0, count: 10) + [0xFF, 0xFF, 127, 0, 0, 1]))  // ::ffff:127.0.0.1
        #expect(MediaAddress.isPublic([0x2A, 0x03, 0x28, 0x80] + Array(repeating: 1, count: 12)))
    }

    static func v4(_ text: String) -> [UInt8] {
        text.split(separator: ".").map { UInt8($0)! }
    }
}
