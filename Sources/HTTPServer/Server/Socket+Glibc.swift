// Thin wrappers over the Glibc socket calls the server uses: listen, accept, options, send/recv.
import CEpoll
import Glibc

/// A system call failed; `operation` names it and `errno` says why.
public struct SocketError: Error, CustomStringConvertible {
    public let operation: String
    public let errno: Int32

    public var description: String { "\(operation) failed: \(String(cString: strerror(errno))) (errno \(errno))" }
}

enum Socket {
    /// Creates a non-blocking listening TCP socket on `host:port` (IPv4 or IPv6 literal, or a name
    /// resolved once) and returns it with the port actually bound.
    static func listen(host: String, port: Int, backlog: Int32) throws -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let info = result else {
            throw SocketError(operation: "resolving listen address \(host) (\(String(cString: gai_strerror(status))))", errno: EINVAL)
        }
        defer { freeaddrinfo(result) }

        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", errno: errno) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let error = errno
            close(fd)
            throw SocketError(operation: "bind to \(host):\(port)", errno: error)
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = errno
            close(fd)
            throw SocketError(operation: "listen", errno: error)
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(fd, $0, &length) }
        }
        return (fd, Self.port(of: address))
    }

    /// Accepts one pending connection, non-blocking, with TCP_NODELAY set (responses go out in one
    /// write; without it every keep-alive request would wait ~40 ms for the client's delayed ACK).
    /// Returns nil when none is pending.
    static func accept(_ listener: Int32) throws -> (fd: Int32, remote: String)? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard fd >= 0 else {
            switch errno {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED: return nil
            case let error: throw SocketError(operation: "accept", errno: error)
            }
        }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return (fd, describe(address))
    }

    static func port(of address: sockaddr_storage) -> Int {
        var address = address
        let family = Int32(address.ss_family)
        return withUnsafePointer(to: &address) { pointer in
            switch family {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            default:
                return 0
            }
        }
    }

    /// `address:port` for logs.
    static func describe(_ address: sockaddr_storage) -> String {
        var address = address
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let family = Int32(address.ss_family)
        withUnsafePointer(to: &address) { pointer in
            switch family {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var inAddr = $0.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &inAddr, &host, socklen_t(host.count))
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var inAddr = $0.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &inAddr, &host, socklen_t(host.count))
                }
            default: break
            }
        }
        let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return family == AF_INET6 ? "[\(text)]:\(port(of: address))" : "\(text):\(port(of: address))"
    }
}

/// Monotonic time in seconds, for deadlines (never the wall clock, which can jump).
@inline(__always)
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
