// ResolverPool: getaddrinfo(3) on a few long-lived threads, with callers that stop waiting at their timeout.
import Curl
import EWS
import Foundation
import Glibc
import Synchronization

/// Runs blocking lookups on a fixed set of threads fed from one queue. A caller waits at most its timeout: past it,
/// it gets ``HostResolution/timedOut`` while the lookup, if already running, finishes on its thread and is dropped
/// (if still queued, it is never run). So a resolver that hangs costs at most `threads` threads and no caller
/// waits longer than it asked, and a burst of lookups queues instead of starting a thread each.
public final class ResolverPool: HostResolver {
    public typealias Lookup = @Sendable (String) -> HostResolution

    /// One caller's lookup: resumed exactly once, by the worker or by the timeout, whichever comes first.
    private final class Request: Sendable {
        let host: String
        private let continuation = Mutex<CheckedContinuation<HostResolution, Never>?>(nil)
        init(host: String, continuation: CheckedContinuation<HostResolution, Never>) {
            self.host = host
            self.continuation.withLock { $0 = continuation }
        }
        /// False when already answered (then the work is not needed).
        var isWaiting: Bool { continuation.withLock { $0 != nil } }
        func answer(_ resolution: HostResolution) {
            continuation.withLock { $0.take() }?.resume(returning: resolution)
        }
    }

    private let queue = Mutex<[Request]>([])
    private let signal = NSCondition()
    private let lookup: Lookup

    /// - Parameters:
    ///   - threads: how many lookups may block at once.
    ///   - lookup: the blocking lookup (default: getaddrinfo); tests pass one that hangs.
    public init(threads: Int = 2, lookup: @escaping Lookup = ResolverPool.systemLookup) {
        self.lookup = lookup
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in work() }
            thread.name = "dns-\(index)"
            thread.start()
        }
    }

    public func resolve(_ host: String, timeout: Duration) async -> HostResolution {
        await withCheckedContinuation { continuation in
            let request = Request(host: host, continuation: continuation)
            queue.withLock { $0.append(request) }
            signal.lock()
            signal.signal()
            signal.unlock()
            Task {
                try? await Task.sleep(for: timeout)
                request.answer(.timedOut)
            }
        }
    }

    private func work() {
        while true {
            signal.lock()
            var next: Request?
            while next == nil {
                next = queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                if next == nil { signal.wait() }
            }
            signal.unlock()
            guard let request = next, request.isWaiting else { continue }
            request.answer(lookup(request.host))
        }
    }

    /// getaddrinfo for TCP, numeric addresses de-duplicated in the resolver's order. Names under `.invalid`
    /// (RFC 6761) never resolve and are answered without asking any DNS server.
    public static let systemLookup: Lookup = { host in
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if AddressPolicy.allowAll.allows(address: bare) != nil { return .literal }
        if bare.lowercased() == "invalid" || bare.lowercased().hasSuffix(".invalid") { return .notFound }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(bare, nil, &hints, &result) == 0, let first = result else { return .notFound }
        defer { freeaddrinfo(result) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            cursor = entry.pointee.ai_next
        }
        return addresses.isEmpty ? .notFound : .addresses(addresses)
    }
}
