// FakeHTTPResponse: what the glue must send back, including fault-injection instructions (delay, close).
import Foundation

/// The answer to one request, plus two instructions the HTTP glue must carry out:
/// - `delay`: wait this long before writing anything (with `try await Task.sleep(for:)`, never blocking a thread);
/// - `closeConnection`: close the TCP connection without writing a response (status, headers and body are then unused).
/// The glue adds `Content-Length` (or chunking) and `Date`/`Connection` itself; `headers` never contain them.
/// A header name may repeat (e.g. two `WWW-Authenticate` lines); send each as its own line.
public struct FakeHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    public var delay: Duration
    public var closeConnection: Bool

    public init(
        status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), delay: Duration = .zero,
        closeConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.closeConnection = closeConnection
    }

    /// The first value of header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of header `name` (case-insensitive), in order.
    public func headers(named name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    static func xml(_ status: Int, _ text: String, extraHeaders: [(name: String, value: String)] = []) -> FakeHTTPResponse {
        FakeHTTPResponse(
            status: status, headers: [(name: "Content-Type", value: "text/xml; charset=utf-8")] + extraHeaders, body: Data(text.utf8))
    }

    static func html(_ status: Int, _ text: String, extraHeaders: [(name: String, value: String)] = []) -> FakeHTTPResponse {
        FakeHTTPResponse(
            status: status, headers: [(name: "Content-Type", value: "text/html; charset=utf-8")] + extraHeaders, body: Data(text.utf8))
    }

    static func json(_ status: Int, _ data: Data) -> FakeHTTPResponse {
        FakeHTTPResponse(status: status, headers: [(name: "Content-Type", value: "application/json")], body: data)
    }
}
