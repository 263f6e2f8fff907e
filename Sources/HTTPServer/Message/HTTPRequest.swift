// A complete HTTP request as handlers see it: head, whole body, route parameters and request id.
import Foundation

/// One complete request. The body is fully read (and within the configured limit) before a handler
/// runs, so handlers never see a partial body and never leave bytes on the connection.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The path, percent-decoded, without the query string. For logs and messages: `%2F` has become a
    /// `/` here, so never split it into segments (use `pathSegments`).
    public var path: String
    /// The path's segments, split at the `/` the client sent and only then percent-decoded one by one:
    /// `/v1/organizations/a%2Fb/` is `["v1", "organizations", "a/b", ""]`. Routing matches on these.
    public var pathSegments: [String]
    /// The raw query string after `?`, not decoded; nil when absent.
    public var query: String?
    /// `HTTP/1.0` or `HTTP/1.1`, as (major, minor).
    public var version: (major: Int, minor: Int)
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Values of the route's `{name}` segments, each percent-decoded on its own (a `%2F` is a `/` inside
    /// the value); filled in by the router.
    public var pathParameters: [String: String] = [:]
    /// The caller's `X-Request-Id` when it was acceptable, otherwise one the server generated.
    public var requestID: String = ""
    /// The peer address, for logs (`127.0.0.1:53312`).
    public var remoteAddress: String = ""

    public init(
        method: HTTPMethod, path: String, query: String? = nil, version: (major: Int, minor: Int) = (1, 1),
        headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        // `path` is already decoded here, so each of its `/` is a separator.
        self.pathSegments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// A request as parsed: `segments` decoded one by one, `path` their decoded join.
    init(method: HTTPMethod, pathSegments: [String], query: String?, version: (major: Int, minor: Int), headers: HTTPHeaders) {
        self.method = method
        self.path = "/" + pathSegments.joined(separator: "/")
        self.pathSegments = pathSegments
        self.query = query
        self.version = version
        self.headers = headers
        self.body = []
    }

    /// What routing found: the parameters, and for a route whose path is a credential, the template in place of
    /// the path (so logs and messages never see it).
    mutating func route(parameters: [String: String], template: String, pathIsSecret: Bool) {
        pathParameters = parameters
        if pathIsSecret { hidePath(behind: template) }
    }

    mutating func hidePath(behind template: String) {
        path = template
        pathSegments = []
    }

    /// The value of a `{name}` path segment. Routes guarantee the names they declare, so a missing
    /// name is a programming error reported as a 500, not a crash.
    public func parameter(_ name: String) throws -> String {
        guard let value = pathParameters[name] else {
            throw HTTPError.internal("route has no parameter named \(name)")
        }
        return value
    }

    /// Query items decoded from `application/x-www-form-urlencoded` form; later duplicates win.
    public var queryItems: [String: String] {
        guard let query else { return [:] }
        var items: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let raw = parts.count > 1 ? String(parts[1]) : ""
            items[name] = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
        }
        return items
    }

    /// Decodes the JSON body. Any failure is an `HTTPError` with status 400, code `BAD_REQUEST` and a
    /// message that names the offending field, so clients can fix their request.
    public func decode<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        if body.isEmpty { throw HTTPError.badRequest("request body is empty; expected a JSON object") }
        if let contentType = headers["Content-Type"], !contentType.lowercased().hasPrefix("application/json") {
            throw HTTPError(status: .unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE",
                            message: "Content-Type must be application/json, not \(contentType)")
        }
        do {
            return try decoder.decode(T.self, from: Data(body))
        } catch let error as DecodingError {
            throw HTTPError.badRequest(Self.describe(error))
        } catch let error as HTTPError {
            throw error
        } catch {
            throw HTTPError.badRequest("request body could not be decoded: \(error)")
        }
    }

    /// Turns a DecodingError into a message a client can act on: which field, what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey], appending key: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (key.map { [$0] } ?? [])
            if keys.isEmpty { return "the body" }
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return "field '\(text)'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing required \(path(context.codingPath, appending: key))"
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(Self.jsonTypeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) must be \(Self.jsonTypeName(type)), not null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "request body is not valid JSON" }
            return "\(path(context.codingPath)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "request body could not be decoded"
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") || name.hasPrefix("[") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
