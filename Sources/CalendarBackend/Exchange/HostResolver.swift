// HostResolver: DNS lookups for the link check's dns step, bounded in time and in threads.

/// Resolves host names. Implementations must return within `timeout` (plus scheduling slack), whatever the
/// resolver does, and must not start a thread per lookup.
public protocol HostResolver: Sendable {
    func resolve(_ host: String, timeout: Duration) async -> HostResolution
}
