import Foundation
import Hummingbird
import HummingbirdTesting
import LuagramServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Slow and idle clients")
struct ServerTimeoutsTests {
    static let timeouts = ServerTimeouts(read: .milliseconds(600), idle: .milliseconds(1500))

    /// Runs a server with `timeouts` and hands its port to `body`.
    static func withServer(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("/echo") { request, _ -> String in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            return "got \(buffer.readableBytes)"
        }
        let app = Application(
            router: router, server: .luagram(timeouts: timeouts), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(try #require(client.port))
        }
    }

    /// A raw TCP connection: nothing about HTTP, so a test can send half a request.
    final class RawConnection: @unchecked Sendable {
        let socket: Int32

        init(port: Int) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            // reads give up after 5 s, so a server that never closes fails the test instead of hanging it
            var wait = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        }

        deinit { close(socket) }

        func send(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(socket, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
        }

        /// Whether the server has closed the connection (looked at without waiting).
        var isClosed: Bool {
            var byte: UInt8 = 0
            return recv(socket, &byte, 1, Int32(MSG_DONTWAIT)) == 0
        }

        /// What the server sent until it closed the connection, and how long that took;
        /// nil if it was still open after 5 s.
        func readUntilClosed() -> (text: String, seconds: Double)? {
            let start = ContinuousClock.now
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(socket, &buffer, buffer.count, 0)
                if count == 0 { break }
                if count < 0 { return nil }
                received += buffer[0..<count]
            }
            let elapsed = ContinuousClock.now - start
            return (String(decoding: received, as: UTF8.self), Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }

    @Test("half a request is cut off once the read timeout has passed")
    func halfRequest() async throws {
        try await Self.withServer { port in
            let connection = try RawConnection(port: port)
            connection.send("POST /echo HTTP/1.1\r\nHost: luagram\r\nContent-Length: 100\r\n\r\nonly part of the body")
            let closed = try #require(connection.readUntilClosed(), "the server kept a half request open")
            #expect(closed.seconds < 1.4)
            #expect(!closed.text.contains("got"))
        }
    }

    @Test("a body trickled a byte at a time is cut off at the read timeout, though bytes keep coming")
    func trickledBody() async throws {
        try await Self.withServer { port in
            let connection = try RawConnection(port: port)
            connection.send("POST /echo HTTP/1.1\r\nHost: luagram\r\nContent-Length: 100\r\n\r\n")
            let start = ContinuousClock.now
            var open = true
            for _ in 0..<40 where open {
                connection.send("x")
                try await Task.sleep(for: .milliseconds(50))
                // a write to a closed connection fails once the peer's reset arrives
                open = send(connection.socket, "", 0, Int32(MSG_NOSIGNAL)) >= 0 && ContinuousClock.now - start < .seconds(3)
            }
            let closed = try #require(connection.readUntilClosed(), "the server kept the trickle open")
            #expect(ContinuousClock.now - start < .seconds(2.5))
            #expect(!closed.text.contains("got"))
        }
    }

    @Test("a head trickled a byte at a time is cut off at the read timeout, before the idle timeout")
    func trickledHead() async throws {
        try await Self.withServer { port in
            let connection = try RawConnection(port: port)
            let start = ContinuousClock.now
            var closedAfter: Duration?
            for character in "POST /echo HTTP/1.1\r\nHost: luagram\r\nX-Slow: " + String(repeating: "a", count: 60) {
                connection.send(String(character))
                try await Task.sleep(for: .milliseconds(40))
                if connection.isClosed {
                    closedAfter = ContinuousClock.now - start
                    break
                }
            }
            let after = try #require(closedAfter, "the server kept the trickled head open")
            // the read timeout (0.6 s), not the idle one (1.5 s): no request part was ever decoded
            #expect(after < .seconds(1.2))
        }
    }

    @Test("whole requests are answered on a kept-alive connection, which is closed once idle")
    func keepAliveThenIdle() async throws {
        try await Self.withServer { port in
            let connection = try RawConnection(port: port)
            connection.send("POST /echo HTTP/1.1\r\nHost: luagram\r\nContent-Length: 5\r\n\r\nhello")
            try await Task.sleep(for: .milliseconds(900))  // longer than the read timeout, while idle
            connection.send("POST /echo HTTP/1.1\r\nHost: luagram\r\nContent-Length: 3\r\n\r\nabc")
            let closed = try #require(connection.readUntilClosed(), "the idle connection was kept open")
            #expect(closed.text.contains("got 5"))
            #expect(closed.text.contains("got 3"))
            #expect(closed.seconds > 1.0 && closed.seconds < 3)
        }
    }
}
