// SignedRequest: the parts of an HTTP request that Signature Version 4 covers, independent of any server's types.

/// An HTTP request as received (or about to be sent), reduced to what a signature covers.
public struct SignedRequest: Sendable {
    public var method: String
    /// The path's segments, each percent-decoded (`/` is `[""]`).
    public var pathSegments: [String]
    /// The raw query string after `?`, not decoded; nil when absent.
    public var query: String?
    /// Every header field as received, names in any case; repeated names allowed.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, pathSegments: [String], query: String? = nil, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.pathSegments = pathSegments
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The values of the header `name` (ASCII case ignored), in order.
    public func values(of name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
