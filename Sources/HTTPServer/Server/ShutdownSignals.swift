// Waiting for SIGTERM or SIGINT without a signal handler doing real work (they become async events).
import Dispatch
import Glibc
import Synchronization

/// Turns SIGTERM and SIGINT into an awaitable event, so a server can drain gracefully instead of
/// dying mid-request. Create it before starting the server.
public final class ShutdownSignals: Sendable {
    private let stream: AsyncStream<Int32>
    // DispatchSourceSignal is thread-safe; the sources must stay alive to keep delivering.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]
    private let first = First()

    private final class First: Sendable {
        let number = Mutex<Int32?>(nil)
    }

    public init(signals: [Int32] = [SIGTERM, SIGINT]) {
        var continuation: AsyncStream<Int32>.Continuation!
        stream = AsyncStream { continuation = $0 }
        let yield = continuation!
        let first = self.first
        sources = signals.map { number in
            signal(number, SIG_IGN)  // the dispatch source receives it instead of the default action
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                first.number.withLock { $0 = $0 ?? number }
                yield.yield(number)
            }
            source.resume()
            return source
        }
    }

    /// The first signal received so far, without waiting: for start-up loops that must stop when asked to.
    public var received: Int32? { first.number.withLock { $0 } }

    /// Returns the first signal received.
    public func wait() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }

    /// "SIGTERM" / "SIGINT", for logs.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        default: return "signal \(number)"
        }
    }
}
