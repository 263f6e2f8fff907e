// SMTPListener: `fake-exchange --smtp-port`: accepts SMTP connections on loopback and runs an SMTPSession on each,
// one thread per connection (a test fake: a handful of senders at a time).
import Foundation
import Glibc
import Logging
import Synchronization

/// A plain-TCP SMTP server in front of a ``FakeExchange``: what it delivers shows in the mailbox's inbox.
public final class SMTPListener: Sendable {
    /// The bound port (the one asked for, or the free one picked for 0).
    public let port: Int
    private let listening: Int32
    private let fake: FakeExchange
    private let logger: Logger
    /// The descriptors this listener owns. Closing one and shutting one down both happen under this lock, so
    /// `shutdown()` never touches a descriptor number the process has meanwhile reused for something else.
    private struct Descriptors {
        var sessions: Set<Int32> = []
        var listeningOpen = true
        var stopped = false
    }

    private let descriptors = Mutex(Descriptors())
    /// Seconds a client may stay silent before the session is dropped.
    static let idleTimeout = 60

    /// Binds `host:port` (an IPv4 address) and starts accepting.
    public init(fake: FakeExchange, host: String, port: Int, logger: Logger) throws {
        self.fake = fake
        self.logger = logger
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SMTPListenerError.socket(errno: errno) }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(descriptor)
            throw SMTPListenerError.address(host)
        }
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else {
            let code = errno
            close(descriptor)
            throw SMTPListenerError.bind(port: port, errno: code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(descriptor, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        listening = descriptor
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "smtp-accept"
        thread.start()
    }

    /// Stops accepting and ends every open session.
    public func shutdown() {
        descriptors.withLock { owned in
            owned.stopped = true
            // Wakes the blocked accept and recv calls; their threads close the descriptors.
            if owned.listeningOpen { Glibc.shutdown(listening, Int32(SHUT_RDWR)) }
            for descriptor in owned.sessions { Glibc.shutdown(descriptor, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listening, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE {
                    usleep(50_000)
                    continue
                }
                let code = errno
                if !descriptors.withLock({ $0.stopped }) {
                    logger.error("SMTP listener stopped accepting", metadata: ["error": "\(String(cString: strerror(code)))"])
                }
                break  // shut down, or a failure logged above
            }
            let admitted = descriptors.withLock { owned -> Bool in
                guard !owned.stopped else { return false }
                owned.sessions.insert(client)
                return true
            }
            guard admitted else {
                close(client)
                break
            }
            let thread = Thread { [self] in
                serve(client)
                descriptors.withLock { owned in
                    owned.sessions.remove(client)
                    close(client)
                }
            }
            thread.name = "smtp-session"
            thread.start()
        }
        descriptors.withLock { owned in
            owned.listeningOpen = false
            close(listening)
        }
    }

    private func serve(_ client: Int32) {
        var timeout = timeval(tv_sec: Self.idleTimeout, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if fake.refusesSMTPConnection() {
            write(client, [Self.line(SMTPSession.unavailable)])
            return
        }
        var session = SMTPSession(drop: fake)
        guard write(client, [Self.line(SMTPSession.greeting)]) else { return }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            // Every complete line in the buffer, in order (clients may pipeline commands).
            while let newline = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 13 { line.removeLast() }
                let answer = session.receive(line)
                guard write(client, answer.lines.map(Self.line)), !answer.close else { return }
            }
            // RFC 5321 allows 1000-byte lines; far beyond that is not an SMTP client.
            if buffer.count > 64 * 1024 {
                write(client, [Self.line("500 5.5.6 Line too long")])
                return
            }
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }  // closed, shut down, or idle too long
            buffer += chunk[..<count]
        }
    }

    private static func line(_ text: String) -> [UInt8] { Array((text + "\r\n").utf8) }

    @discardableResult
    private func write(_ client: Int32, _ lines: [[UInt8]]) -> Bool {
        let bytes = lines.flatMap { $0 }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }
}

public enum SMTPListenerError: Error, CustomStringConvertible {
    case socket(errno: Int32)
    case address(String)
    case bind(port: Int, errno: Int32)

    public var description: String {
        switch self {
        case .socket(let code): "cannot create a socket: \(String(cString: strerror(code)))"
        case .address(let host): "\(host) is not an IPv4 address"
        case .bind(let port, let code): "cannot listen on port \(port): \(String(cString: strerror(code)))"
        }
    }
}
