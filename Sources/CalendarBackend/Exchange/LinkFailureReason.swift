// Why a link or a connectivity step failed, and what the admin should do, in the setup guide's words.
import EWS

/// A stable reason code for an admin, with the remedy as the A4B setup guide words it.
public enum LinkFailureReason: String, Sendable, Codable, CaseIterable {
    case invalidURL = "INVALID_URL"
    case notHTTPS = "NOT_HTTPS"
    case owaURLNotEWS = "OWA_URL_NOT_EWS"
    case notEWS = "NOT_EWS"
    case dnsFailed = "DNS_FAILED"
    case connectFailed = "CONNECT_FAILED"
    case tlsUntrusted = "TLS_UNTRUSTED"
    case tlsExpired = "TLS_EXPIRED"
    case tlsNameMismatch = "TLS_NAME_MISMATCH"
    case basicAuthDisabled = "BASIC_AUTH_DISABLED"
    case badCredentials = "BAD_CREDENTIALS"
    case exchangeTooOld = "EXCHANGE_TOO_OLD"
    case impersonationDenied = "IMPERSONATION_DENIED"
    case accessDenied = "ACCESS_DENIED"
    case mailboxNotFound = "MAILBOX_NOT_FOUND"
    /// Linking a user's calendar: no mailbox has the user's e-mail as its primary address.
    case emailNotInExchange = "EMAIL_NOT_IN_EXCHANGE"
    /// Linking a room's calendar: the mailbox is in no room list of the organization (GetRoomLists, GetRooms).
    case notARoom = "NOT_A_ROOM"
    case timeout = "TIMEOUT"
    case privateAddress = "PRIVATE_ADDRESS"
    case hostNotAllowed = "HOST_NOT_ALLOWED"
    /// Anything else Exchange answered (busy, an unexpected error code).
    case exchangeError = "EXCHANGE_ERROR"
}
