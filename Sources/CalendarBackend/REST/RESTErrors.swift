// RESTErrors: how REST v1 renders every failure: {"error": {"code", "message", ...}} with the right status.
import HTTPServer

/// The REST v1 error envelope. `code` is stable and documented in openapi.yaml; `message` is for people; a failed
/// link validation adds `reason`, `detail` and `steps`.
public enum RESTErrors {
    public static let renderer = ErrorRenderer { error, request in
        switch ServiceError.outage(from: error) ?? error {
        case let error as ServiceError:
            var response = HTTPResponse.json(Envelope(error: Fields(code: error.code.rawValue, message: error.message, field: error.field,
                                                                    reason: error.reason, detail: error.detail, steps: error.steps)),
                                             status: status(of: error.code))
            if error.code == .unauthenticated { response.headers.add("WWW-Authenticate", "Bearer") }
            if let seconds = error.retryAfterSeconds { response.headers.add("Retry-After", "\(seconds)") }
            return response
        case let error as HTTPError:
            var response = HTTPResponse.json(Envelope(error: Fields(code: error.code, message: error.message)), status: error.status)
            for field in error.headers { response.headers.add(field.name, field.value) }
            return response
        default:
            // Not the client's fault: the router logs the details; the client gets the request id to quote.
            return .json(Envelope(error: Fields(code: "INTERNAL", message: "internal error; request id \(request.requestID)")),
                         status: .internalServerError)
        }
    }

    static func status(of code: ServiceError.Code) -> HTTPStatus {
        switch code {
        case .invalidInput: .badRequest
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict, .requestTokenReused, .limitExceeded: .conflict
        case .linkValidationFailed: .unprocessableContent
        case .starting, .databaseUnavailable: .serviceUnavailable
        case .gone: .gone
        case .invalidUserStatus, .exchangeNotLinked: .conflict
        case .emailNotInExchange, .impersonationDenied, .accessDenied, .mailboxNotFound, .roomCalendarInvalid: .unprocessableContent
        case .exchangeError: .badGateway
        }
    }

    struct Envelope: Encodable {
        let error: Fields
    }

    /// Absent members are omitted, and keys come out sorted (HTTPResponse.json), so bodies are stable.
    struct Fields: Encodable {
        let code: String
        let message: String
        var field: String? = nil
        var reason: String? = nil
        var detail: String? = nil
        var steps: [ConnectivityStep]? = nil
    }
}
