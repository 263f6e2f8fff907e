// HTTPError: what the server, the router and request decoding raise; rendered by the front-end's ErrorRenderer.

/// A failure with an HTTP status, a stable code and a message for people. The server itself raises these for
/// protocol errors (400, 408, 413, 431, 501, 503), the router for 404 and 405, and `HTTPRequest.decode` for a
/// body that does not decode. How it looks on the wire is the ``ErrorRenderer``'s business, not this type's.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    /// Stable, e.g. `NOT_FOUND`, `PAYLOAD_TOO_LARGE`.
    public let code: String
    public let message: String
    /// Extra response headers (`Allow`, `Retry-After`).
    public let headers: HTTPHeaders

    public init(status: HTTPStatus, code: String, message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message
    }

    public static func badRequest(_ message: String) -> HTTPError {
        HTTPError(status: .badRequest, code: "BAD_REQUEST", message: message)
    }
    public static func notFound(_ message: String = "no such resource") -> HTTPError {
        HTTPError(status: .notFound, code: "NOT_FOUND", message: message)
    }
    public static func `internal`(_ message: String) -> HTTPError {
        HTTPError(status: .internalServerError, code: "INTERNAL", message: message)
    }
}
