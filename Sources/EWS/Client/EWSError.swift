// Every way an EWS call can fail that a caller handles differently, with the EWS response code kept.
import Curl

/// A failed EWS call. Cases are what a caller (link validation, a voice answer) must tell apart; the
/// EWS `ResponseCode` is kept where there was one (`responseCode`), never the localized message alone.
public enum EWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum NotEWSReason: Sendable, Equatable {
        /// A redirect to Outlook on the web's sign-in page.
        case owaRedirect(location: String)
        /// Another redirect (redirects are never followed).
        case redirect(status: Int, location: String)
        /// OWA forms authentication's `440 Login Time-out`.
        case owaLoginTimeout
        /// An HTML page (OWA, a reverse proxy's sign-in page, an IIS error page).
        case html(status: Int)
        /// A body that is not a SOAP envelope.
        case notSOAP(status: Int)
        /// An HTTP status EWS does not use for answers (e.g. 404).
        case unexpectedStatus(Int)
    }

    // Before HTTP.
    case invalidURL(String)
    /// A plain `http://` endpoint while insecure EWS is not allowed.
    case notHTTPS
    case dnsFailed(host: String)
    case connectFailed(String)
    /// The address resolved for the host is not allowed (private, loopback, link-local, metadata).
    case addressNotAllowed(String)
    case tls(TransportError.TLSProblem, String)
    case timeout
    case connectionLost(String)

    // HTTP and endpoint.
    /// Wrong user name or password (or a locked account): 401 while Basic is offered.
    case unauthorized
    /// 401 without a Basic challenge: Basic authentication is disabled on the EWS virtual directory.
    case basicAuthNotOffered(offered: [String])
    /// 403: EWS is blocked for this account by policy.
    case forbidden
    case notEWS(NotEWSReason)
    case exchangeTooOld(ServerVersion)

    // Access.
    /// `ErrorImpersonationDenied`: the service account has no ApplicationImpersonation role.
    case impersonationDenied
    /// `ErrorImpersonateUserDenied`: the user is outside the role's management scope.
    case impersonateUserDenied
    /// `ErrorAccessDenied` / `ErrorFolderNotFound`: no delegated rights on the user's folder.
    case accessDenied(code: String)
    /// `ErrorSendAsDenied`: no Send As right for the user.
    case sendAsDenied
    /// `ErrorNonExistentMailbox`: no mailbox for that address.
    case mailboxNotFound
    /// `ErrorNameResolutionNoResults`.
    case nameNotResolved
    /// `ErrorItemNotFound`: the item is gone (or not visible).
    case itemNotFound

    // Load and protocol.
    /// `ErrorServerBusy` (with its back-off) or HTTP 503.
    case throttled(backOffMilliseconds: Int?)
    /// The response could not be read (bad XML, missing elements, too large).
    case malformedResponse(String)
    /// Any other EWS response code, from a fault or a response message.
    case exchange(code: String, message: String)
    /// The caller's task was cancelled.
    case cancelled

    /// The EWS ResponseCode behind this error, when it came from one.
    public var responseCode: String? {
        switch self {
        case .impersonationDenied: return "ErrorImpersonationDenied"
        case .impersonateUserDenied: return "ErrorImpersonateUserDenied"
        case .accessDenied(let code): return code
        case .sendAsDenied: return "ErrorSendAsDenied"
        case .mailboxNotFound: return "ErrorNonExistentMailbox"
        case .nameNotResolved: return "ErrorNameResolutionNoResults"
        case .itemNotFound: return "ErrorItemNotFound"
        case .throttled(let backOff): return backOff == nil ? nil : "ErrorServerBusy"
        case .exchange(let code, _): return code
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let message): return "invalid EWS URL: \(message)"
        case .notHTTPS: return "the EWS URL must use https"
        case .dnsFailed(let host): return "could not resolve \(host)"
        case .connectFailed(let message): return "could not connect: \(message)"
        case .addressNotAllowed(let address): return "the EWS host resolves to \(address), which is not allowed"
        case .tls(let problem, let message): return "TLS certificate problem (\(problem.rawValue)): \(message)"
        case .timeout: return "Exchange did not answer in time"
        case .connectionLost(let message): return "connection lost: \(message)"
        case .unauthorized: return "Exchange rejected the user name or password"
        case .basicAuthNotOffered(let offered): return "Basic authentication is not offered (server offers: \(offered.joined(separator: ", ")))"
        case .forbidden: return "EWS is blocked for this account (403)"
        case .notEWS(let reason): return "not an EWS endpoint: \(reason)"
        case .exchangeTooOld(let version): return "\(version) is older than Exchange 2013"
        case .impersonationDenied: return "the service account may not impersonate (ErrorImpersonationDenied)"
        case .impersonateUserDenied: return "the service account may not impersonate this user (ErrorImpersonateUserDenied)"
        case .accessDenied(let code): return "no permission on the user's folder (\(code))"
        case .sendAsDenied: return "no Send As permission (ErrorSendAsDenied)"
        case .mailboxNotFound: return "no mailbox for this address (ErrorNonExistentMailbox)"
        case .nameNotResolved: return "the address does not resolve to a mailbox (ErrorNameResolutionNoResults)"
        case .itemNotFound: return "the item was not found (ErrorItemNotFound)"
        case .throttled(let backOff): return "Exchange is busy" + (backOff.map { "; retry after \($0) ms" } ?? "")
        case .malformedResponse(let message): return "malformed EWS response: \(message)"
        case .exchange(let code, let message): return "\(code): \(message)"
        case .cancelled: return "cancelled"
        }
    }
}
