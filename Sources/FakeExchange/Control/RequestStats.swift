// RequestStats: counters for `GET /_fake/stats`: EWS requests by operation, connections accepted.

/// Counters reported by `GET /_fake/stats`. They survive `reset`.
struct RequestStats: Sendable, Codable, Equatable {
    /// EWS requests by operation name; unparseable requests count as `(invalid)`, unauthenticated ones as `(unauthorized)`.
    var requestsByOperation: [String: Int] = [:]
    var totalRequests = 0
    /// TCP connections the HTTP glue reported through `connectionAccepted()`.
    var connectionsAccepted = 0

    mutating func count(_ operation: String) {
        requestsByOperation[operation, default: 0] += 1
        totalRequests += 1
    }
}
