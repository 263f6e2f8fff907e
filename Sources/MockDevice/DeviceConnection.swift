// DeviceConnection: HTTP to the a4b-calendar service with the organization's key, over the shared libcurl transport.
import Curl
import Foundation

/// JSON over HTTP to one service. Connections are kept alive and reused across calls (and across concurrent devices
/// sharing one connection object).
public final class DeviceConnection: Sendable {
    public let server: String
    let apiKey: String
    let transport: CurlTransport
    let timeout: Duration

    /// - Parameter server: `http://127.0.0.1:8080` (no trailing slash needed).
    public init(server: String, apiKey: String, timeout: Duration = .seconds(30), maxConnections: Int = 64) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.apiKey = apiKey
        self.timeout = timeout
        // The service under test is on loopback, usually plain http.
        transport = CurlTransport(configuration: .serviceClient(userAgent: "a4b-calendar-mock-device/0.1", maxCachedConnections: maxConnections))
    }

    deinit { transport.shutdown() }

    /// Closes the kept-alive connections; calls after this fail.
    public func close() { transport.shutdown() }

    public struct Response: Sendable {
        public let status: Int
        public let body: String

        /// The body as a JSON object, or nil.
        public var object: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    public func post(_ path: String, json: Data) async throws -> Response {
        try await send(.post, path, body: Array(json))
    }

    public func get(_ path: String) async throws -> Response {
        try await send(.get, path, body: [])
    }

    private func send(_ method: TransportRequest.Method, _ path: String, body: [UInt8]) async throws -> Response {
        var request = TransportRequest(url: server + path, body: body,
                                       headers: [("Authorization", "Bearer \(apiKey)"), ("Content-Type", "application/json"), ("Accept", "application/json")],
                                       credentials: nil, timeout: timeout)
        request.method = method
        do {
            let response = try await transport.send(request)
            return Response(status: response.status, body: String(decoding: response.body, as: UTF8.self))
        } catch {
            throw DeviceError.unreachable("\(method.rawValue) \(server + path): \(error)")
        }
    }
}

/// Why the device could not talk to the service.
public enum DeviceError: Error, CustomStringConvertible, Equatable {
    /// No HTTP answer (refused, timed out, reset).
    case unreachable(String)
    /// An HTTP error from the service (bad key, unknown organization, refused envelope): status and body.
    case refused(status: Int, body: String)
    /// An answer that is not what the API promises.
    case malformed(String)

    public var description: String {
        switch self {
        case .unreachable(let detail): "cannot reach the service: \(detail)"
        case .refused(let status, let body): "the service answered HTTP \(status): \(body)"
        case .malformed(let detail): "unexpected answer from the service: \(detail)"
        }
    }
}
