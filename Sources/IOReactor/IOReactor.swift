// IOReactor: what an event-loop thread offers code that runs on it (a handler's EWS call): watching foreign file
// descriptors, timers, and work handed in from other threads, so that a client library can drive its sockets from
// the loop its caller runs on instead of from a thread of its own (two thread wake-ups fewer per call).
import Glibc

/// The readiness epoll reported for a watched descriptor.
public struct IOReadiness: Sendable {
    public let readable: Bool
    public let writable: Bool
    /// An error or a hang-up on the descriptor.
    public let failed: Bool

    public init(readable: Bool, writable: Bool, failed: Bool) {
        self.readable = readable
        self.writable = writable
        self.failed = failed
    }
}

/// An event loop seen from the code it runs. Every method but ``execute(_:)`` must be called on the loop's own
/// thread (where ``IOReactorThread/current`` is this reactor), and every callback runs there.
public protocol IOReactor: AnyObject, Sendable {
    /// Starts or changes watching `fd` (level-triggered); `onReady` replaces any earlier callback for it.
    func watch(_ fd: Int32, readable: Bool, writable: Bool, _ onReady: @escaping (IOReadiness) -> Void)
    /// Stops watching `fd` (before its owner closes it).
    func unwatch(_ fd: Int32)
    /// Calls `fire` once, `milliseconds` from now (0: on the loop's next pass). Returns the timer's id.
    func startTimer(after milliseconds: Int, _ fire: @escaping () -> Void) -> UInt64
    func cancelTimer(_ id: UInt64)
    /// Runs `work` on the loop's thread on its next pass; safe from any thread. Once the loop has stopped, `work`
    /// is dropped: whatever needed it was told by ``whenStopped(_:)``.
    func execute(_ work: @escaping @Sendable () -> Void)
    /// Calls `body` on the loop's thread as the loop stops for good (after its last pass).
    func whenStopped(_ body: @escaping () -> Void)
}

/// The reactor whose loop runs on the calling thread, if any.
public enum IOReactorThread {
    private final class Box {
        let reactor: any IOReactor
        init(_ reactor: any IOReactor) { self.reactor = reactor }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The calling thread's reactor; nil on threads that run no event loop (Swift's pool, tools, tests).
    public static var current: (any IOReactor)? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue().reactor
    }

    /// Called by a loop on its own thread as it starts (`reactor`) and as it ends (nil).
    public static func setCurrent(_ reactor: (any IOReactor)?) {
        if let old = pthread_getspecific(key) { Unmanaged<Box>.fromOpaque(old).release() }
        pthread_setspecific(key, reactor.map { Unmanaged.passRetained(Box($0)).toOpaque() })
    }
}
