// WallClock: where use cases get the time, so tests (and the expiry scheduler's test clock) set it.
import Foundation

/// The current time. Use cases take one instead of calling `Date()`, so a test decides what "now" is.
public protocol WallClock: Sendable {
    func now() -> Date
}
