// A response as handlers build it: status, headers and a complete body.
import Foundation

/// A complete response. The server adds `Content-Length`, `Date`, `Connection` and `X-Request-Id`;
/// handlers must not set those themselves.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Close the connection without sending anything. For fault injection (the fake Exchange's
    /// `closeConnection`); never for real answers.
    public var dropsConnection = false

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response. Keys are sorted so that bodies are stable for clients, caches and tests.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) -> HTTPResponse {
        do {
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"],
                                body: Array(try jsonEncoder.encode(value)))
        } catch {
            return .text("INTERNAL: response could not be encoded\n", status: .internalServerError)
        }
    }

    /// A response whose body is already-encoded JSON text.
    public static func json(raw: String, status: HTTPStatus = .ok) -> HTTPResponse {
        json(encoded: Array(raw.utf8), status: status)
    }

    /// A response whose body is already-encoded JSON bytes (a `JSONWriter`'s).
    public static func json(encoded bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }

    public static func text(_ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Array(text.utf8))
    }

    private static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
