// Why a transfer failed below its protocol's level: DNS, TCP, TLS, time, size, policy, shutdown.

/// A failure before any answer was received (or while receiving it).
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
    /// The caller's task was cancelled.
    case cancelled
    /// The transport was shut down before or while the transfer ran.
    case stopped
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
        case .stopped: return "the transport was shut down"
        case .other(let code, let message): return "transport error \(code): \(message)"
        }
    }
}

extension TransportError.TLSProblem {
    /// OpenSSL's verify result (X509_V_ERR_*) first, libcurl's message as a fallback.
    init(verifyResult: Int, message: String) {
        switch verifyResult {
        case 10: self = .expired                                  // X509_V_ERR_CERT_HAS_EXPIRED
        case 18, 19, 20, 21, 2: self = .untrusted                 // self-signed, unknown issuer
        case 62: self = .nameMismatch                             // X509_V_ERR_HOSTNAME_MISMATCH
        default: self.init(message: message.lowercased())
        }
    }

    private init(message lowered: String) {
        if lowered.contains("expired") {
            self = .expired
        } else if lowered.contains("subject name") || lowered.contains("does not match target host") || lowered.contains("hostname mismatch") {
            self = .nameMismatch
        } else if lowered.contains("self-signed") || lowered.contains("self signed") || lowered.contains("local issuer") || lowered.contains("unable to get") {
            self = .untrusted
        } else {
            self = .other
        }
    }
}
