// SoakHTTP: the soak's plain HTTP calls to the service (provisioning, admin, operator, AWS API), over libcurl.
import AWSSigV4
import Curl
import Foundation

/// Calls to one service on loopback, kept-alive connections shared by every caller.
final class SoakHTTP: Sendable {
    let base: String
    let port: Int
    private let transport: CurlTransport

    init(base: String, port: Int, connections: Int) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.port = port
        transport = CurlTransport(configuration: .serviceClient(userAgent: "soak-load", maxCachedConnections: connections))
    }

    func shutdown() { transport.shutdown() }

    struct Response: Sendable {
        let status: Int
        let body: String

        var object: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }
    }

    /// `method path` with a bearer token and an optional JSON body.
    func call(_ method: TransportRequest.Method, _ path: String, token: String?, json: [String: Any]? = nil) async throws -> Response {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        var body: [UInt8] = []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json))
            headers.append(("Content-Type", "application/json"))
        }
        return try await send(method, path, headers: headers, body: body)
    }

    /// One AWS JSON 1.1 operation (`AlexaForBusiness.<operation>`), signed with SigV4 as botocore signs it.
    func aws(_ operation: String, _ input: [String: Any], signer: SigV4Signer) async throws -> Response {
        let body = Array(try JSONSerialization.data(withJSONObject: input))
        let headers = try signer.jsonCallHeaders(target: "AlexaForBusiness.\(operation)", host: "127.0.0.1:\(port)", body: body, at: Date())
        return try await send(.post, "/", headers: headers.map { ($0.name, $0.value) }, body: body)
    }

    private func send(_ method: TransportRequest.Method, _ path: String, headers: [(String, String)], body: [UInt8]) async throws -> Response {
        var request = TransportRequest(url: base + path, body: body, headers: headers, credentials: nil, timeout: .seconds(10))
        request.method = method
        let response = try await transport.send(request)
        return Response(status: response.status, body: String(decoding: response.body, as: UTF8.self))
    }
}

struct SoakFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
