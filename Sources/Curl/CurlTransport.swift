// The libcurl multi driver: one thread runs every transfer; callers are resumed through continuations.
import CCurl
import CurlShim
import Foundation
import Glibc
import IOReactor
import Synchronization

/// Runs libcurl transfers (HTTP POSTs to EWS, SMTP submissions; see `CurlRequest`). One thread drives
/// every transfer, so 500 calls waiting on a slow server cost 500 suspended tasks, not 500 threads.
/// Connections stay in libcurl's cache between calls: a warm call makes no new TCP or TLS handshake.
/// Cancelling the calling task, or passing its timeout, aborts its transfer and closes its connection.
/// Every call returns exactly once, also when it races `shutdown()`.
///
/// A caller running on an event loop (``IOReactorThread/current``: the HTTP server's handlers) has its transfer
/// driven by that loop instead (``CurlLoopDriver``, one multi handle and connection cache per loop), so the call
/// costs no wake-up of the transport thread and none of the caller's loop but the one its answer brings.
public final class CurlTransport: Sendable {
    public struct Configuration: Sendable {
        /// Extra CA bundle (PEM) for servers behind a private CA; nil: the system trust store only.
        public var caFile: String?
        public var connectTimeoutMS = 10_000
        /// Larger responses fail with `TransportError.responseTooLarge`.
        public var maxResponseBytes = 8 * 1024 * 1024
        public var userAgent = "a4b-calendar/0.1"
        public var addressPolicy = AddressPolicy(allowPrivate: false)
        /// Whether plain `http://` endpoints may be called (tests, the demo). Off: passwords never
        /// travel unencrypted.
        public var allowInsecureHTTP = false
        /// Most idle connections kept for reuse.
        public var maxCachedConnections = 64

        public init() {}
    }

    private enum Command {
        case add(CurlTransfer)
        case cancel(UInt64)
        /// Answers how many transfers the thread holds once every earlier command is processed.
        case count(CheckedContinuation<Int, Never>)
        case stop
    }

    /// Commands for the transport thread. `stopped` lives under the same lock as the queue, so no
    /// command can be queued behind `.stop`, where nobody would ever read it.
    private struct Inbox {
        var commands: [Command] = []
        var stopped = false
    }

    private let configuration: Configuration
    // The multi handle is only used by the transport thread, except `curl_multi_wakeup`, which libcurl
    // documents as callable from any thread.
    nonisolated(unsafe) private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    private let nextID = Atomic<UInt64>(1)
    /// The drivers of the event loops that called, by loop; each is used on its loop's thread only.
    private let loopDrivers = Mutex<[ObjectIdentifier: CurlLoopDriver]>([:])
    private let loopDrivenCalls = Atomic<Int>(0)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init(configuration: Configuration = Configuration()) {
        _ = Self.globalInit
        self.configuration = configuration
        multi = curl_multi_init()
        curlshim_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxCachedConnections)
        let thread = Thread { [self] in runLoop() }
        thread.name = "curl-transport"
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Stops the transport thread. Calls in flight, and calls made from now on, fail with `.stopped`.
    public func shutdown() {
        let first = inbox.withLock { inbox -> Bool in
            guard !inbox.stopped else { return false }
            inbox.stopped = true
            inbox.commands.append(.stop)
            return true
        }
        if first { curl_multi_wakeup(multi) }
        for driver in loopDrivers.withLock({ Array($0.values) }) {
            driver.reactor.execute { driver.stop(.stopped) }
        }
    }

    /// Calls so far whose transfer an event loop drove (tests check that handlers take that path).
    public var loopDrivenCallCount: Int { loopDrivenCalls.load(ordering: .relaxed) }

    /// Sends `request` and returns the response, whatever its HTTP status. Throws `TransportError`.
    public func send(_ request: TransportRequest) async throws(TransportError) -> TransportResponse {
        try await run(request)
    }

    /// Submits one e-mail to the relay in `request.url`; returns once the relay accepted it (250 after DATA).
    /// Throws `TransportError`: a refused recipient or sender, failed authentication, a relay that is down.
    public func send(_ request: SMTPRequest) async throws(TransportError) -> SMTPResponse {
        try await run(request)
    }

    /// Runs one transfer of any kind to its end: its answer, or the `TransportError` that ended it.
    func run<Request: CurlRequest>(_ request: Request) async throws(TransportError) -> Request.Response {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased() else {
            throw .invalidURL("\(request.url) is not a URL")
        }
        try request.check(scheme: scheme, configuration: configuration)
        if let host = url.host?.lowercased(), AddressPolicy.neverResolves(host) {
            throw .dnsFailed(host: host)
        }
        let transfer = try CurlTransfer(id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue, request: request,
                                        configuration: configuration)
        request.configure(transfer, configuration: configuration)
        if let reactor = IOReactorThread.current, let driver = loopDriver(for: reactor) {
            try await runOnLoop(transfer, driver: driver)
            return request.response(of: transfer)
        }
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    transfer.continuation = continuation
                    let failure: TransportError? = Task.isCancelled ? .cancelled : enqueue(.add(transfer)) ? nil : .stopped
                    if let failure {
                        transfer.continuation = nil
                        continuation.resume(throwing: failure)
                    }
                }
            } onCancel: {
                transfer.cancelRequested.store(true, ordering: .releasing)
                cancel(transferID: transfer.id)
            }
        } catch let error as TransportError {
            throw error
        } catch {
            throw .cancelled
        }
        return request.response(of: transfer)
    }

    /// The calling loop's driver, made on its first call; nil once the transport is stopped (the call then fails
    /// through the thread's path, which says so). On the loop's thread.
    private func loopDriver(for reactor: any IOReactor) -> CurlLoopDriver? {
        let key = ObjectIdentifier(reactor)
        let (driver, created) = loopDrivers.withLock { drivers -> (CurlLoopDriver?, Bool) in
            if let driver = drivers[key] { return (driver, false) }
            guard !inbox.withLock({ $0.stopped }) else { return (nil, false) }
            let driver = CurlLoopDriver(reactor: reactor, maxCachedConnections: configuration.maxCachedConnections)
            drivers[key] = driver
            return (driver, true)
        }
        if created, let driver {
            // The loop stops for good: what it still drives fails, and its driver is forgotten.
            reactor.whenStopped { [self] in
                driver.stop(.stopped)
                loopDrivers.withLock { $0[key] = nil }
            }
        }
        return driver
    }

    /// ``run(_:)`` for a caller on `driver`'s loop: the transfer starts here and now, and the caller resumes when the
    /// loop sees it end. A cancellation from any thread is carried out on the loop's next pass.
    private func runOnLoop(_ transfer: CurlTransfer, driver: CurlLoopDriver) async throws(TransportError) {
        loopDrivenCalls.add(1, ordering: .relaxed)
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    transfer.continuation = continuation
                    if Task.isCancelled { transfer.cancelRequested.store(true, ordering: .releasing) }
                    driver.add(transfer)
                }
            } onCancel: {
                transfer.cancelRequested.store(true, ordering: .releasing)
                let id = transfer.id
                driver.reactor.execute { driver.cancel(transferID: id) }
            }
        } catch let error as TransportError {
            throw error
        } catch {
            throw .cancelled
        }
    }

    /// Asks the thread to abort transfer `id` if it still runs; a transfer not (yet) held by the thread
    /// is never remembered (one still queued sees its `cancelRequested` flag instead).
    func cancel(transferID id: UInt64) {
        enqueue(.cancel(id))
    }

    /// How many transfers the transport thread holds, counted after every command queued before this
    /// call; 0 once stopped. Tests use it to prove that finished transfers leave nothing behind.
    func heldTransfers() async -> Int {
        await withCheckedContinuation { continuation in
            if !enqueue(.count(continuation)) { continuation.resume(returning: 0) }
        }
    }

    /// Queues `command` and wakes the thread; false (nothing queued) once the transport is stopped.
    @discardableResult
    private func enqueue(_ command: Command) -> Bool {
        let queued = inbox.withLock { inbox -> Bool in
            guard !inbox.stopped else { return false }
            inbox.commands.append(command)
            return true
        }
        if queued { curl_multi_wakeup(multi) }
        return queued
    }

    // MARK: The transport thread

    private func runLoop() {
        var active: [UInt64: CurlTransfer] = [:]
        var running = true
        while running {
            let pending = inbox.withLock { inbox -> [Command] in
                defer { inbox.commands.removeAll(keepingCapacity: true) }
                return inbox.commands
            }
            for command in pending {
                switch command {
                case .add(let transfer):
                    if transfer.cancelRequested.load(ordering: .acquiring) {
                        resume(transfer, throwing: .cancelled)
                    } else {
                        active[transfer.id] = transfer
                        curl_multi_add_handle(multi, transfer.handle)
                    }
                case .cancel(let id):
                    // Only a transfer in flight has anything to abort; removing its handle mid-transfer
                    // makes libcurl close its connection.
                    guard let transfer = active.removeValue(forKey: id) else { continue }
                    curl_multi_remove_handle(multi, transfer.handle)
                    resume(transfer, throwing: .cancelled)
                case .count(let continuation):
                    continuation.resume(returning: active.count)
                case .stop:
                    running = false
                }
            }
            if !running { break }

            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            CurlTransfer.takeFinished(from: multi) { transfer, result in
                active.removeValue(forKey: transfer.id)
                transfer.resumeCaller(with: result)
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for transfer in active.values {
            curl_multi_remove_handle(multi, transfer.handle)
            resume(transfer, throwing: .stopped)
        }
        // Nothing is left in the inbox: `.stop` was queued last, and `stopped` keeps anything from joining it.
    }

    private func resume(_ transfer: CurlTransfer, throwing error: TransportError) {
        transfer.resumeCaller(with: .failure(error))
    }
}

extension CurlTransport.Configuration {
    /// A client of one of this package's own services (the mock device, the load generators): plain HTTP and any
    /// address allowed, since those tools check themselves that their URLs are on loopback; `maxCachedConnections`
    /// kept alive.
    public static func serviceClient(userAgent: String, maxCachedConnections: Int) -> Self {
        var configuration = Self()
        configuration.addressPolicy = .allowAll
        configuration.allowInsecureHTTP = true
        configuration.maxCachedConnections = maxCachedConnections
        configuration.userAgent = userAgent
        return configuration
    }
}
