// The EWS client: one service account on one endpoint; sends SOAP, classifies answers, retries
// throttled reads once.
import Curl
import Foundation
import Logging

/// Calls Exchange Web Services as a service account. Nothing above this type sees SOAP: operations
/// take and return calendar values and throw `EWSError`. Safe to share; calls run concurrently over the
/// transport's kept-alive connections.
public final class EWSClient: Sendable {
    public let endpoint: String
    private let username: String
    private let password: String
    let transport: CurlTransport
    private let logger: Logger

    /// - Parameters:
    ///   - endpoint: `https://mail.contoso.com/EWS/Exchange.asmx`.
    ///   - username: the service account's UPN (or primary SMTP address).
    public init(endpoint: String, username: String, password: String, transport: CurlTransport, logger: Logger) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.transport = transport
        self.logger = logger
    }

    /// Sends `request` and classifies the answer. A throttled idempotent call is retried once when
    /// its back-off still fits within `timeout`; anything else is never retried.
    func call(_ request: SOAPRequest, access: MailboxAccess, timeout: Duration, idempotent: Bool,
              authenticated: Bool = true) async throws(EWSError) -> SOAPResponse {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await send(request, access: access, timeout: deadline - clock.now, authenticated: authenticated,
                                      idempotent: idempotent)
            } catch .throttled(let backOff) where idempotent && attempt == 1 {
                let wait = Duration.milliseconds(backOff ?? 500)
                guard clock.now + wait + .milliseconds(50) < deadline else { throw .throttled(backOffMilliseconds: backOff) }
                logger.notice("EWS throttled; retrying once", metadata: ["operation": "\(request.operation)", "back_off_ms": "\(backOff ?? 500)"])
                do { try await Task.sleep(for: wait) } catch { throw .cancelled }
            }
        }
    }

    private func send(_ request: SOAPRequest, access: MailboxAccess, timeout: Duration,
                      authenticated: Bool, idempotent: Bool) async throws(EWSError) -> SOAPResponse {
        guard timeout > .zero else { throw .timeout }
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: "text/xml; charset=utf-8")]
        // Routes the call to the right mailbox server; without it impersonated calls can fail or slow down.
        if let mailbox = access.mailbox { headers.append((name: "X-AnchorMailbox", value: mailbox)) }
        var transportRequest = TransportRequest(url: endpoint, body: request.bytes, headers: headers,
                                                credentials: authenticated ? (username, password) : nil, timeout: timeout)
        transportRequest.reuseConnection = idempotent
        let response: TransportResponse
        do {
            response = try await transport.send(transportRequest)
        } catch {
            throw Self.error(for: error)
        }
        return try SOAPResponse.parse(response)
    }

    static func error(for error: TransportError) -> EWSError {
        switch error {
        case .invalidURL(let message): return .invalidURL(message)
        case .insecureScheme: return .notHTTPS
        case .dnsFailed(let host): return .dnsFailed(host: host)
        case .connectFailed(let message): return .connectFailed(message)
        case .addressNotAllowed(let address): return .addressNotAllowed(address)
        case .tls(let problem, let message): return .tls(problem, message)
        case .timeout: return .timeout
        case .connectionLost(let message): return .connectionLost(message)
        case .responseTooLarge(let limit): return .malformedResponse("response larger than \(limit) bytes")
        case .cancelled, .stopped: return .cancelled
        case .other(let code, let message): return .connectFailed("curl error \(code): \(message)")
        }
    }
}
