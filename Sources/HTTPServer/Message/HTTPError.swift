// Client-facing errors: a stable code, an HTTP status and a human message, rendered as
// {"error": {"code": ..., "message": ...}}.

/// An error a handler throws to answer the client. Every client-facing error body has the shape
/// `{"error": {"code": "...", "message": "...", ...}}`; `code` is stable and documented in openapi.yaml,
/// `message` is for people. Conform other error enums to it to control their rendering.
public protocol ClientFacingError: Error {
    var status: HTTPStatus { get }
    var code: String { get }
    var message: String { get }
    /// Extra members of the `error` object (e.g. `reason`, `steps`); must be JSON-encodable values.
    var extraFields: [String: any Encodable & Sendable] { get }
    /// Extra response headers (e.g. `Allow`, `Retry-After`).
    var headers: HTTPHeaders { get }
}

extension ClientFacingError {
    public var extraFields: [String: any Encodable & Sendable] { [:] }
    public var headers: HTTPHeaders { HTTPHeaders() }

    /// The JSON response for this error.
    public var response: HTTPResponse {
        var fields: [String: any Encodable & Sendable] = extraFields
        fields["code"] = code
        fields["message"] = message
        var response = HTTPResponse.json(ErrorEnvelope(error: AnyEncodableObject(fields)), status: status)
        for field in headers { response.headers.add(field.name, field.value) }
        return response
    }
}

/// The general-purpose client-facing error.
public struct HTTPError: ClientFacingError, Equatable, CustomStringConvertible {
    public let status: HTTPStatus
    public let code: String
    public let message: String
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
    public static func unauthorized(_ message: String) -> HTTPError {
        HTTPError(status: .unauthorized, code: "UNAUTHORIZED", message: message,
                  headers: ["WWW-Authenticate": "Bearer"])
    }
    public static func `internal`(_ message: String) -> HTTPError {
        HTTPError(status: .internalServerError, code: "INTERNAL", message: message)
    }
}

struct ErrorEnvelope: Encodable {
    let error: AnyEncodableObject
}

/// A JSON object with heterogeneous values, for error bodies with extra fields.
struct AnyEncodableObject: Encodable {
    let fields: [String: any Encodable & Sendable]
    init(_ fields: [String: any Encodable & Sendable]) { self.fields = fields }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        for (key, value) in fields {
            try container.encode(value, forKey: DynamicKey(key))
        }
    }

    struct DynamicKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }
}
