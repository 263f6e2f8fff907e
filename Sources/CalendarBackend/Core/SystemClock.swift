// SystemClock: the real-time clock use cases get in production.
import Foundation

/// The system's real-time clock.
public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
