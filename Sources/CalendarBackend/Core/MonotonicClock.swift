// MonotonicClock: where deadlines get their time, so a test steps it instead of racing a loaded machine.

/// Monotonic time for deadlines (never the wall clock, which an operator or NTP may move).
public protocol MonotonicClock: Sendable {
    func now() -> ContinuousClock.Instant
}

/// The process's continuous clock.
public struct SystemMonotonicClock: MonotonicClock {
    public init() {}
    public func now() -> ContinuousClock.Instant { .now }
}
