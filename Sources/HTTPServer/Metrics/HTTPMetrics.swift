// Request counters, a latency histogram per route and the open-connection gauge, in Prometheus text.
import Foundation
import Synchronization

/// Server metrics, rendered in the Prometheus text exposition format (version 0.0.4).
/// Labels use route templates, never raw paths, so cardinality stays bounded.
public final class HTTPMetrics: Sendable {
    /// Histogram bucket upper bounds, in seconds.
    static let bucketBounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct LatencyKey: Hashable {
        let method: String
        let route: String
    }

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: HTTPMetrics.bucketBounds.count)
        var count = 0
        var sum = 0.0

        mutating func record(_ seconds: Double) {
            count += 1
            sum += seconds
            if let bucket = HTTPMetrics.bucketBounds.firstIndex(where: { seconds <= $0 }) { buckets[bucket] += 1 }
        }
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [LatencyKey: Histogram] = [:]
        var connectionsAccepted = 0
        var connectionsRejected = 0
    }

    private let state = Mutex(State())
    private let openConnections = Atomic<Int>(0)

    public init() {}

    func recordRequest(method: HTTPMethod, route: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[RequestKey(method: method.rawValue, route: route, status: status), default: 0] += 1
            state.latency[LatencyKey(method: method.rawValue, route: route), default: Histogram()].record(seconds)
        }
    }

    func connectionOpened() {
        openConnections.add(1, ordering: .relaxed)
        state.withLock { $0.connectionsAccepted += 1 }
    }

    func connectionClosed() { openConnections.subtract(1, ordering: .relaxed) }

    func connectionRejected() { state.withLock { $0.connectionsRejected += 1 } }

    /// Connections open right now.
    public var openConnectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Connections accepted since start (served, not refused).
    public var acceptedConnectionCount: Int { state.withLock { $0.connectionsAccepted } }

    /// The metrics in Prometheus text format.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        out += "# HELP http_requests_total HTTP requests answered, by method, route template and status.\n"
        out += "# TYPE http_requests_total counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "http_requests_total{method=\"\(key.method)\",route=\"\(escape(key.route))\",status=\"\(key.status)\"} \(count)\n"
        }
        out += "# HELP http_request_duration_seconds Time from a complete request to its response being queued.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (key, histogram) in snapshot.latency.sorted(by: { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }) {
            let labels = "method=\"\(key.method)\",route=\"\(escape(key.route))\""
            var cumulative = 0
            for (index, bound) in Self.bucketBounds.enumerated() {
                cumulative += histogram.buckets[index]
                out += "http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            out += "http_request_duration_seconds_sum{\(labels)} \(histogram.sum)\n"
            out += "http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        out += "# HELP http_open_connections Client connections open now.\n"
        out += "# TYPE http_open_connections gauge\n"
        out += "http_open_connections \(openConnectionCount)\n"
        out += "# HELP http_connections_accepted_total Client connections accepted.\n"
        out += "# TYPE http_connections_accepted_total counter\n"
        out += "http_connections_accepted_total \(snapshot.connectionsAccepted)\n"
        out += "# HELP http_connections_rejected_total Connections refused because the connection limit was reached.\n"
        out += "# TYPE http_connections_rejected_total counter\n"
        out += "http_connections_rejected_total \(snapshot.connectionsRejected)\n"
        return out
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
