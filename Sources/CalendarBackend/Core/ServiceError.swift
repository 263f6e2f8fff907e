// ServiceError: the one error type every use case throws, with a stable code; each front-end renders it.
import Storage

/// A use case's failure: a stable ``Code``, a message for people, and what an admin needs to fix it. Front-ends
/// render it their own way (REST v1 as `{"error": {...}}`, the AWS API as `{"__type": ...}`, voice as a sentence);
/// use cases never know which.
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable across releases; REST v1 shows the raw value as `error.code`.
    public enum Code: String, Sendable, CaseIterable {
        /// The input broke a rule; `field` names it.
        case invalidInput = "BAD_REQUEST"
        /// No credentials, or credentials that match nothing.
        case unauthenticated = "UNAUTHORIZED"
        /// Valid credentials without the right to do this.
        case forbidden = "FORBIDDEN"
        /// No such thing, or one the caller may not know exists.
        case notFound = "NOT_FOUND"
        /// Another request changed the state first; read again and retry.
        case conflict = "CONFLICT"
        /// The Exchange account failed live validation; `reason`, `detail` and `steps` say where and why.
        case linkValidationFailed = "INVALID_PARAMETER"
        /// The service cannot answer yet (migrating its database); retry after `retryAfterSeconds`.
        case starting = "STARTING"
        /// The database cannot be reached right now (PostgreSQL down or restarting, or not answering in time); nothing
        /// was written by this request; retry after `retryAfterSeconds`.
        case databaseUnavailable = "DATABASE_UNAVAILABLE"
        /// A link or token that worked once and no longer does (an expired, replaced, revoked or used invitation);
        /// `reason` says which.
        case gone = "GONE"
        /// The user's enrollment status does not allow this (e.g. inviting a user who already joined).
        case invalidUserStatus = "INVALID_USER_STATUS"
        /// The organization has no Exchange service-account link yet.
        case exchangeNotLinked = "EXCHANGE_NOT_LINKED"
        /// Linking a user's calendar: Exchange has no mailbox whose primary address is the user's e-mail.
        case emailNotInExchange = "EMAIL_NOT_IN_EXCHANGE"
        /// Linking a user's calendar: the service account may not impersonate the user.
        case impersonationDenied = "IMPERSONATION_DENIED"
        /// Linking a user's calendar: the service account lacks delegated rights on the user's calendar.
        case accessDenied = "ACCESS_DENIED"
        /// Linking a user's calendar: Exchange says the mailbox does not exist.
        case mailboxNotFound = "MAILBOX_NOT_FOUND"
        /// A room's calendar failed live validation (unknown address, not a room, no rights); `reason` and `detail` say
        /// which and what the admin should do.
        case roomCalendarInvalid = "ROOM_CALENDAR_INVALID"
        /// A create's idempotency token (the AWS API's ClientRequestToken) was used before with other input.
        case requestTokenReused = "CLIENT_REQUEST_TOKEN_REUSED"
        /// A per-organization limit (e.g. tags on a resource) would be exceeded.
        case limitExceeded = "LIMIT_EXCEEDED"
        /// Exchange failed in a way the caller cannot fix by changing the request (unreachable, busy, refused the
        /// stored service account); `reason` and `detail` say what happened and what the admin should do.
        case exchangeError = "EXCHANGE_ERROR"
    }

    public let code: Code
    public let message: String
    /// The input field at fault, e.g. `ewsUrl`, for ``Code/invalidInput``.
    public var field: String?
    /// A stable sub-code, e.g. `BASIC_AUTH_DISABLED`.
    public var reason: String?
    /// What to do about it, in the setup guide's words.
    public var detail: String?
    /// The connectivity steps of a failed link validation.
    public var steps: [ConnectivityStep]?
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, field: String? = nil, reason: String? = nil, detail: String? = nil,
                steps: [ConnectivityStep]? = nil, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.reason = reason
        self.detail = detail
        self.steps = steps
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func invalidInput(_ field: String, _ message: String) -> ServiceError {
        ServiceError(.invalidInput, message, field: field)
    }

    public static func notFound(_ message: String) -> ServiceError { ServiceError(.notFound, message) }

    /// What a front-end answers for a store failure that is an outage, not a bug: the database cannot be reached or
    /// stayed locked past its timeout. Nil for any other error (those are the server's own failures, a 500).
    public static func outage(from error: any Error) -> ServiceError? {
        switch error as? StorageError {
        case .unavailable?, .busy?:
            ServiceError(.databaseUnavailable, "the database cannot be reached right now; nothing was changed, retry shortly",
                         retryAfterSeconds: 1)
        default:
            nil
        }
    }
}
