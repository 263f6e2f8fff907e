// HostResolver: DNS lookups for the link check's dns step, bounded in time and in threads.

/// What a lookup found.
public enum HostResolution: Sendable, Equatable {
    /// The host is an IP address literal; nothing was looked up.
    case literal
    case addresses([String])
    /// The name does not resolve (or names no address).
    case notFound
    /// No answer within the timeout.
    case timedOut
}

/// Resolves host names. Implementations must return within `timeout` (plus scheduling slack), whatever the
/// resolver does, and must not start a thread per lookup.
public protocol HostResolver: Sendable {
    func resolve(_ host: String, timeout: Duration) async -> HostResolution
}
