// FakeHTTPRequest: the HTTP request the glue hands to `FakeExchange.handle`.
import Foundation

/// One HTTP request as the HTTP glue received it. Header lookup is case-insensitive.
public struct FakeHTTPRequest: Sendable {
    /// `GET`, `POST`, ... (compared case-insensitively).
    public var method: String
    /// The request target as sent, path plus optional `?query` (e.g. `/EWS/Exchange.asmx`).
    public var path: String
    /// Header fields in arrival order; names keep their spelling.
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The glue's id of the TCP connection the request came on (for logs), if it has one.
    public var connectionID: Int?

    public init(method: String, path: String, headers: [(name: String, value: String)] = [], body: Data = Data(), connectionID: Int? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.connectionID = connectionID
    }

    /// The first value of header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The path without the query string.
    var pathOnly: String {
        String(path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }
}
