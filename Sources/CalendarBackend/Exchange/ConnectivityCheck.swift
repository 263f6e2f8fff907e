// ConnectivityCheck: the seam between the link use cases and the network, so they are tested without sockets.

/// Runs the "Service account access" test for a target and reports every step. Implementations must never
/// throw or hang: every failure is a failed step with a reason, and each network step is bounded by a timeout.
public protocol ConnectivityCheck: Sendable {
    func run(_ target: ExchangeLinkTarget) async -> ConnectivityReport
}
