// ResolverPool: getaddrinfo(3) on a few long-lived threads, with callers that stop waiting at their timeout.
import Curl
import EWS
import Foundation
import Glibc
import Synchronization

/// Runs blocking lookups on a fixed set of threads fed from one queue. A caller waits at most its timeout: past it,
/// it gets ``HostResolution/timedOut`` while the lookup, if already running, finishes on its thread and is dropped
/// (if still queued, it is never run). So a resolver that hangs costs at most `threads` threads and no caller
/// waits longer than it asked, and a burst of lookups queues instead of starting a thread each. Past `maxQueued`
/// waiting lookups a caller is answered ``HostResolution/timedOut`` at once. The pool is shared by every
/// organization's checks, so a timeout here must not fail a check on its own (see `EWSConnectivityCheck`).
public final class ResolverPool: HostResolver {
    public typealias Lookup = @Sendable (String) -> HostResolution

    /// One caller's lookup: resumed exactly once, by the worker or by the timeout, whichever comes first.
    private final class Request: Sendable {
        let host: String
        private let state = Mutex<(continuation: CheckedContinuation<HostResolution, Never>?, timer: Task<Void, Never>?)>((nil, nil))
        init(host: String, continuation: CheckedContinuation<HostResolution, Never>) {
            self.host = host
            self.state.withLock { $0.continuation = continuation }
        }
        /// False when already answered (then the work is not needed).
        var isWaiting: Bool { state.withLock { $0.continuation != nil } }
        /// The task that answers `.timedOut`; cancelled when the lookup answers first.
        func setTimer(_ timer: Task<Void, Never>) {
            let answered = state.withLock { state -> Bool in
                guard state.continuation != nil else { return true }
                state.timer = timer
                return false
            }
            if answered { timer.cancel() }
        }
        func answer(_ resolution: HostResolution) {
            let (continuation, timer) = state.withLock { state in
                defer { state = (nil, nil) }
                return (state.continuation, state.timer)
            }
            timer?.cancel()
            continuation?.resume(returning: resolution)
        }
    }

    /// The process's pool: every check shares its two threads.
    public static let shared = ResolverPool()

    private let queue = Mutex<(waiting: [Request], stopped: Bool)>(([], false))
    private let signal = NSCondition()
    private let lookup: Lookup
    private let maxQueued: Int

    /// - Parameters:
    ///   - threads: how many lookups may block at once.
    ///   - lookup: the blocking lookup (default: getaddrinfo); tests pass one that hangs.
    ///   - maxQueued: lookups that may wait for a thread; more are answered `.timedOut` at once.
    public init(threads: Int = 2, maxQueued: Int = 256, lookup: @escaping Lookup = ResolverPool.systemLookup) {
        self.lookup = lookup
        self.maxQueued = maxQueued
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in work() }
            thread.name = "dns-\(index)"
            thread.start()
        }
    }

    public func resolve(_ host: String, timeout: Duration) async -> HostResolution {
        await withCheckedContinuation { continuation in
            let request = Request(host: host, continuation: continuation)
            let queued = queue.withLock { state -> Bool in
                // Answered callers leave their entries behind; drop them before counting.
                state.waiting.removeAll { !$0.isWaiting }
                guard !state.stopped, state.waiting.count < maxQueued else { return false }
                state.waiting.append(request)
                return true
            }
            guard queued else {
                request.answer(.timedOut)
                return
            }
            signal.lock()
            signal.signal()
            signal.unlock()
            request.setTimer(Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { request.answer(.timedOut) }
            })
        }
    }

    /// Lookups waiting for a thread (answered ones excluded).
    public var queuedLookups: Int { queue.withLock { $0.waiting.filter(\.isWaiting).count } }

    /// Answers every waiting caller `.timedOut` and lets the threads end once their current lookup returns.
    public func shutdown() {
        let waiting = queue.withLock { state -> [Request] in
            state.stopped = true
            defer { state.waiting = [] }
            return state.waiting
        }
        waiting.forEach { $0.answer(.timedOut) }
        signal.lock()
        signal.broadcast()
        signal.unlock()
    }

    private func work() {
        while true {
            signal.lock()
            var next: Request?
            var stopped = false
            while next == nil && !stopped {
                (next, stopped) = queue.withLock { state in
                    (state.waiting.isEmpty ? nil : state.waiting.removeFirst(), state.stopped)
                }
                if next == nil && !stopped { signal.wait() }
            }
            signal.unlock()
            guard let request = next else { return }
            guard request.isWaiting else { continue }
            request.answer(lookup(request.host))
        }
    }

    /// getaddrinfo for TCP, numeric addresses de-duplicated in the resolver's order. Names under `.invalid`
    /// (RFC 6761) never resolve and are answered without asking any DNS server.
    public static let systemLookup: Lookup = { host in
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if AddressPolicy.allowAll.allows(address: bare) != nil { return .literal }
        if AddressPolicy.neverResolves(bare) { return .notFound }
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
