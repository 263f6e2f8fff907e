// AWSError: a failure as the AWS JSON 1.1 protocol names it (`__type`), with its HTTP status.
import HTTPServer

/// What the AWS front-end answers for a failure: 400 (403 for authentication, 503 for a real outage) with
/// `{"__type": type, "message": message}`. botocore reads only the body's `__type`; `x-amzn-ErrorType` is sent too
/// for other SDKs.
public struct AWSError: Error, Sendable, Equatable {
    public let type: String
    public let message: String
    public let status: HTTPStatus
    /// ResourceInUseException carries the token of the create it refers to.
    public var clientRequestToken: String?

    public init(_ type: String, _ message: String, status: HTTPStatus = .badRequest, clientRequestToken: String? = nil) {
        self.type = type
        self.message = message
        self.status = status
        self.clientRequestToken = clientRequestToken
    }

    public static func validation(_ message: String) -> AWSError { AWSError("ValidationException", message) }
    public static func serialization(_ message: String) -> AWSError { AWSError("SerializationException", message) }
    public static func notFound(_ message: String) -> AWSError { AWSError("NotFoundException", message) }

    /// The use case's error in the operation's terms: the model's exception names where it has one.
    static func from(_ error: ServiceError, operation: String, clientRequestToken: String? = nil) -> AWSError {
        let creates = operation.hasPrefix("Create")
        let text = [error.message, error.detail].compactMap { $0 }.joined(separator: " ")
        switch error.code {
        case .notFound: return .notFound(text)
        case .invalidUserStatus: return AWSError("InvalidUserStatusException", text)
        case .limitExceeded: return AWSError("LimitExceededException", text)
        case .requestTokenReused,
             .conflict where creates:
            // CreateUser names both ResourceInUseException; the other creates AlreadyExistsException.
            return operation == "CreateUser" ? AWSError("ResourceInUseException", text, clientRequestToken: clientRequestToken)
                : AWSError("AlreadyExistsException", text)
        case .conflict where operation.hasPrefix("Update") && ["roomName", "profileName"].contains(error.field ?? ""):
            return AWSError("NameInUseException", text)
        case .conflict: return AWSError("ConcurrentModificationException", text)
        case .invalidInput, .linkValidationFailed, .gone, .exchangeNotLinked, .emailNotInExchange, .impersonationDenied, .accessDenied,
             .mailboxNotFound, .roomCalendarInvalid:
            return .validation(text)
        case .unauthenticated, .forbidden: return AWSError("AccessDeniedException", text, status: .forbidden)
        case .starting, .databaseUnavailable: return AWSError("ServiceUnavailableException", text, status: .serviceUnavailable)
        case .exchangeError: return AWSError("ServiceUnavailableException", text, status: .serviceUnavailable)
        }
    }
}
