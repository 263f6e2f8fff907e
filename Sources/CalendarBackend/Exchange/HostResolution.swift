// HostResolution: what a DNS lookup for the dns step found.

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
