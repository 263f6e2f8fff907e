// A one-shot flag a handler raises and a test awaits, with a deadline, instead of sleeping and hoping.
import Foundation
import Synchronization

/// Raised once (by a handler, a hook, another task); awaited with a deadline. Lets a test wait until
/// something has really happened (a handler started) rather than for a guessed number of milliseconds.
public final class TestSignal: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    public func raise() { raised.store(true, ordering: .releasing) }

    public var isRaised: Bool { raised.load(ordering: .acquiring) }

    /// True once raised; false if `timeout` seconds pass first.
    public func wait(timeout: Double = 10) async -> Bool {
        await eventually(timeout: timeout) { isRaised }
    }

    /// `wait` for a thread that is not in Swift's task pool (an I/O thread running an inline handler).
    public func waitBlocking(timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !isRaised {
            if Date() >= deadline { return false }
            usleep(1000)
        }
        return true
    }
}
