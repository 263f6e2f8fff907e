// State shared by all event loops of one server: settings, router, metrics, logger, lifecycle flags.
import Foundation
import Logging
import Synchronization

/// What the event loops share. Immutable but for atomics, so it is safely `Sendable`.
final class ServerContext: Sendable {
    let configuration: HTTPServerConfiguration
    let router: Router
    let metrics: HTTPMetrics
    let logger: Logger
    /// Set by shutdown: stop accepting, answer in-flight requests with `Connection: close`.
    let draining = Atomic<Bool>(false)
    /// Set when the drain is over (or timed out): loops close everything and exit.
    let stopping = Atomic<Bool>(false)
    /// Whether accept(2) is failing for lack of file descriptors, across all loops.
    let descriptorExhaustion = DescriptorExhaustion(quietPeriod: EventLoop.acceptBackoff)
    /// The most response bytes any one connection has had waiting for its client; for tests and
    /// diagnostics of the output limit (`maxPendingOutputBytes`).
    let pendingOutputHighWater = Atomic<Int>(0)
    private let nextConnectionID = Atomic<UInt64>(1)
    private let nextRequestNumber = Atomic<UInt64>(1)
    /// Random per process, so generated request ids are unique across restarts and replicas.
    private let requestIDPrefix: String

    init(configuration: HTTPServerConfiguration, router: Router, metrics: HTTPMetrics, logger: Logger) {
        self.configuration = configuration
        self.router = router
        self.metrics = metrics
        self.logger = logger
        var generator = SystemRandomNumberGenerator()
        requestIDPrefix = String(generator.next() as UInt32, radix: 16).leftPadded(to: 8)
    }

    func notePendingOutput(_ bytes: Int) {
        if bytes > pendingOutputHighWater.load(ordering: .relaxed) { pendingOutputHighWater.max(bytes, ordering: .relaxed) }
    }

    func makeConnectionID() -> UInt64 { nextConnectionID.wrappingAdd(1, ordering: .relaxed).oldValue }

    /// The caller's `X-Request-Id` when it is a short token (so it is safe to log and echo),
    /// otherwise a new one.
    func requestID(for request: HTTPRequest) -> String {
        if let given = request.headers["X-Request-Id"], (1...128).contains(given.utf8.count),
           given.utf8.allSatisfy({ isTokenByte($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "=") }) {
            return given
        }
        let number = nextRequestNumber.wrappingAdd(1, ordering: .relaxed).oldValue
        return "\(requestIDPrefix)-\(String(number, radix: 16).leftPadded(to: 8))"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
