// A loopback TCP peer that reads a request and never answers, so a test can watch the client hang up.
import Glibc
import TestSupport

/// Listens on 127.0.0.1; accepts one connection at a time, reads what the client sends and answers
/// nothing. Every wait is bounded and runs off Swift's cooperative pool.
final class SilentPeer: @unchecked Sendable {
    // @unchecked: one test drives it from one task at a time; the descriptors are only read after init.
    let port: Int
    private let listener: Int32
    private var connection: Int32 = -1

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard bound, listen(listener, 8) == 0 else {
            close(listener)
            throw PeerError(description: "could not listen on 127.0.0.1: errno \(errno)")
        }
        self.listener = listener
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        if connection >= 0 { close(connection) }
        close(listener)
    }

    /// Accepts the next connection and reads until a whole request head has arrived.
    func acceptRequest(timeoutSeconds: Double) async throws {
        try await offThePool { try self.acceptRequestBlocking(timeoutMS: Int32(timeoutSeconds * 1000)) }
    }

    /// Whether the client closed (end of stream or reset) the accepted connection within the timeout.
    func clientCloses(timeoutSeconds: Double) async throws -> Bool {
        try await offThePool { self.clientClosesBlocking(timeoutMS: Int32(timeoutSeconds * 1000)) }
    }

    private func acceptRequestBlocking(timeoutMS: Int32) throws {
        guard wait(listener, timeoutMS: timeoutMS) else { throw PeerError(description: "no connection within \(timeoutMS) ms") }
        connection = accept(listener, nil, nil)
        guard connection >= 0 else { throw PeerError(description: "accept failed: errno \(errno)") }
        var received: [UInt8] = []
        while received.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
            guard wait(connection, timeoutMS: timeoutMS) else { throw PeerError(description: "no request head within \(timeoutMS) ms") }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw PeerError(description: "the client closed before sending a request") }
            received.append(contentsOf: chunk[0..<count])
        }
    }

    private func clientClosesBlocking(timeoutMS: Int32) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        // Whatever else the client sends (the rest of a body) is read and dropped until it hangs up.
        while wait(connection, timeoutMS: timeoutMS) {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return true }
        }
        return false
    }

    private func wait(_ fd: Int32, timeoutMS: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, timeoutMS) == 1
    }

    struct PeerError: Error, CustomStringConvertible {
        let description: String
    }
}
