// WallClock: where use cases get the time, so tests (and the expiry scheduler's test clock) set it.
import Foundation

/// The current time. Use cases take one instead of calling `Date()`, so a test decides what "now" is.
public protocol WallClock: Sendable {
    func now() -> Date

    /// Reads the time again from where it is kept, for a clock another process may move (the test clock, in the
    /// database replicas share). A unit of work that spans many reads (a notice pass) calls it first.
    func refresh() async
}

extension WallClock {
    public func refresh() async {}
}
