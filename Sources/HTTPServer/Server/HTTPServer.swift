// The public server: binds, runs the event-loop threads, and shuts down gracefully.
import CEpoll
import Foundation
import Glibc
import Logging
import Synchronization

/// A SwiftNIO-free HTTP/1.1 server: a few epoll threads own the sockets; handlers run as tasks.
///
/// ```swift
/// let server = HTTPServer(configuration: configuration, router: routes.build(), logger: logger)
/// try server.start()
/// print(server.port)
/// await server.shutdown()   // on SIGTERM: stop accepting, finish in-flight requests, close
/// ```
public final class HTTPServer: Sendable {
    private let context: ServerContext
    private let state = Mutex(RunState())

    private struct RunState {
        var listenerFD: Int32 = -1
        var port = 0
        var loops: [EventLoop] = []
        var threadsRunning = 0
        var started = false
        var shutDown = false
    }

    public var metrics: HTTPMetrics { context.metrics }
    public var configuration: HTTPServerConfiguration { context.configuration }

    public init(configuration: HTTPServerConfiguration, router: Router, metrics: HTTPMetrics = HTTPMetrics(),
                logger: Logger) {
        context = ServerContext(configuration: configuration, router: router, metrics: metrics, logger: logger)
    }

    /// The most response bytes one connection has had queued for its client so far.
    var pendingOutputHighWater: Int { context.pendingOutputHighWater.load(ordering: .relaxed) }

    /// The bound port (the kernel's choice when the configuration asked for 0); valid after `start()`.
    public var port: Int { state.withLock { $0.port } }

    /// Binds the listening socket and starts the I/O threads. Throws if the address cannot be bound.
    public func start() throws {
        // Writes to a closed socket must fail with EPIPE, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        let configuration = context.configuration
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let loops: [EventLoop]
        do {
            loops = try (0..<max(1, configuration.ioThreads)).map { _ in try EventLoop(context: context, listenerFD: fd) }
        } catch {
            close(fd)
            throw error
        }
        state.withLock {
            $0.listenerFD = fd
            $0.port = port
            $0.loops = loops
            $0.threadsRunning = loops.count
            $0.started = true
        }
        for (index, loop) in loops.enumerated() {
            let thread = Thread { [self] in
                cepoll_name_current_thread("http-io-\(index)")
                loop.run()
                state.withLock { $0.threadsRunning -= 1 }
            }
            thread.start()
        }
    }

    /// Graceful shutdown: stops accepting, closes idle connections, lets in-flight requests finish
    /// (their responses carry `Connection: close`) for up to `drainTimeout` seconds, then closes
    /// whatever is left and stops the threads. Safe to call more than once.
    public func shutdown() async {
        let (loops, first) = state.withLock { state -> ([EventLoop], Bool) in
            defer { state.shutDown = true }
            return (state.loops, state.started && !state.shutDown)
        }
        guard first else {
            await waitUntilStopped()
            return
        }
        context.draining.store(true, ordering: .releasing)
        loops.forEach { $0.wake() }
        let deadline = monotonicSeconds() + context.configuration.drainTimeout
        while context.metrics.openConnectionCount > 0 && monotonicSeconds() < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        let abandoned = context.metrics.openConnectionCount
        if abandoned > 0 {
            context.logger.warning("drain timeout reached; closing connections", metadata: ["connections": "\(abandoned)"])
        }
        context.stopping.store(true, ordering: .releasing)
        loops.forEach { $0.wake() }
        await waitUntilStopped()
        state.withLock { state in
            if state.listenerFD >= 0 { close(state.listenerFD) }
            state.listenerFD = -1
            state.loops = []
        }
    }

    /// Returns once every I/O thread has exited.
    public func waitUntilStopped() async {
        while state.withLock({ $0.threadsRunning > 0 }) {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
