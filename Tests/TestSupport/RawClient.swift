// A blocking TCP client that speaks raw bytes, so tests see exactly what the server sends.
import Foundation
import Glibc

public struct RawResponse: Sendable {
    public let status: Int
    public let reason: String
    public let headers: [String: String]  // names lowercased
    public let body: String

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

public struct RawClientError: Error, CustomStringConvertible {
    public let description: String
}

/// One TCP connection to 127.0.0.1 with a receive timeout, so a broken server fails a test
/// instead of hanging it.
public final class RawClient: @unchecked Sendable {
    // @unchecked: each test drives one client from one task at a time.
    public let fd: Int32
    private var buffer: [UInt8] = []
    private var closed = false

    public init(port: Int, receiveTimeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let error = errno
            close(fd)
            throw RawClientError(description: "connect failed: errno \(error)")
        }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout - receiveTimeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { if !closed { close(fd) } }

    /// Aborts the connection: closes it with SO_LINGER 0, so the server gets a reset instead of a FIN.
    public func reset() {
        guard !closed else { return }
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
        closed = true
    }

    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            // A signal to the test process (SIGCHLD when a spawned binary exits) interrupts the call: try again.
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { throw RawClientError(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    /// True when response bytes have arrived that no read took yet (looks without waiting).
    public func hasBytesWaiting() -> Bool {
        if !buffer.isEmpty { return true }
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0
    }

    /// Reads more bytes; returns false on end of stream. Throws on timeout or reset.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        var count: Int
        // A signal to the test process (SIGCHLD when a spawned binary exits) interrupts the read: read again.
        repeat { count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) } } while count < 0 && errno == EINTR
        if count < 0 { throw RawClientError(description: errno == EAGAIN ? "timed out waiting for the server" : "recv failed: errno \(errno)") }
        if count == 0 { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads one response. `hasBody: false` for answers to HEAD.
    /// Blocking reads run on their own thread: a test must never block Swift's cooperative pool, which
    /// the server under test needs for its handlers.
    public func readResponse(hasBody: Bool = true) async throws -> RawResponse {
        try await offPool { try self.readResponseBlocking(hasBody: hasBody) }
    }

    public func isClosedByServer() async -> Bool {
        (try? await offPool { self.isClosedByServerBlocking() }) ?? false
    }

    public func readToEnd() async -> String {
        (try? await offPool { self.readToEndBlocking() }) ?? ""
    }

    private func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await offThePool(work)
    }

    /// ``readResponse(hasBody:)`` on the calling thread, for a test's own threads (never on the cooperative pool).
    public func readResponseOnThisThread(hasBody: Bool = true) throws -> RawResponse { try readResponseBlocking(hasBody: hasBody) }

    private func readResponseBlocking(hasBody: Bool) throws -> RawResponse {
        var headEnd: Int?
        while true {
            if let range = buffer.firstRange(of: Array("\r\n\r\n".utf8)) { headEnd = range.lowerBound; break }
            guard try fill() else { throw RawClientError(description: "connection closed before a response head; got \(String(decoding: buffer, as: UTF8.self))") }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusParts = lines.removeFirst().split(separator: " ", maxSplits: 2).map(String.init)
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let status = Int(statusParts[1]) ?? -1
        var body: [UInt8] = []
        if hasBody, status >= 200, let length = headers["content-length"].flatMap(Int.init) {
            while buffer.count < length {
                guard try fill() else { throw RawClientError(description: "connection closed inside a body") }
            }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        }
        return RawResponse(status: status, reason: statusParts.count > 2 ? statusParts[2] : "", headers: headers,
                           body: String(decoding: body, as: UTF8.self))
    }

    /// True when the server closed the connection (end of stream or reset) with nothing more to read.
    private func isClosedByServerBlocking() -> Bool {
        if !buffer.isEmpty { return false }
        do { return try !fill() } catch { return !(error as! RawClientError).description.contains("timed out") }
    }

    /// Everything until the server closes, as text.
    private func readToEndBlocking() -> String {
        while (try? fill()) == true {}
        defer { buffer.removeAll() }
        return String(decoding: buffer, as: UTF8.self)
    }
}

extension RawClient {
    /// One request on a new connection, `Connection: close`: the simplest way to call an endpoint.
    public static func request(port: Int, _ method: String, _ path: String, headers: [String: String] = [:],
                               body: String? = nil) async throws -> RawResponse {
        let client = try RawClient(port: port)
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)" } else { text += "\r\n" }
        try client.send(text)
        return try await client.readResponse(hasBody: method != "HEAD")
    }
}
