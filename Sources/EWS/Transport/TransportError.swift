// Why an HTTP call to EWS failed below the HTTP level: DNS, TCP, TLS, time, size, policy.

/// A failure before any HTTP status was received (or while receiving the body).
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum TLSProblem: String, Sendable {
        /// The chain does not lead to a trusted CA (self-signed, private CA not configured).
        case untrusted
        case expired
        /// The certificate does not name the host in the URL.
        case nameMismatch
        /// Handshake failure or another certificate problem.
        case other
    }

    case invalidURL(String)
    /// A plain `http://` URL while insecure HTTP is not allowed.
    case insecureScheme
    case dnsFailed(host: String)
    case connectFailed(String)
    /// The connection was refused by the address policy (e.g. a private address) before connecting.
    case addressNotAllowed(address: String)
    case tls(TLSProblem, String)
    case timeout
    case connectionLost(String)
    case responseTooLarge(limit: Int)
    case cancelled
    case other(code: Int, message: String)

    public var description: String {
        switch self {
        case .invalidURL(let message): return "invalid URL: \(message)"
        case .insecureScheme: return "plain http is not allowed; use https"
        case .dnsFailed(let host): return "could not resolve host \(host)"
        case .connectFailed(let message): return "could not connect: \(message)"
        case .addressNotAllowed(let address): return "connecting to \(address) is not allowed"
        case .tls(let problem, let message): return "TLS \(problem.rawValue): \(message)"
        case .timeout: return "timed out"
        case .connectionLost(let message): return "connection lost: \(message)"
        case .responseTooLarge(let limit): return "response larger than \(limit) bytes"
        case .cancelled: return "cancelled"
        case .other(let code, let message): return "transport error \(code): \(message)"
        }
    }
}
