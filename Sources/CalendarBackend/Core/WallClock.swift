// WallClock: where use cases get the time, so tests (and the expiry scheduler's test clock) set it.
import Foundation

/// The current time. Use cases take one instead of calling `Date()`, so a test decides what "now" is.
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system's real-time clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

extension Date {
    /// Whole seconds: stored times have second precision, so answers match what is stored.
    var roundedToSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
